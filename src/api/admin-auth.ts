import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { failure } from '../errors/index.ts';
import { sendError } from './http-errors.ts';

/** SHA-256 hex of an admin token: what is stored, never the token itself. */
export function hashAdminToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether `presented` is the token whose hash is `expectedHash`, compared in constant time. */
export function adminTokenMatches(presented: string, expectedHash: string): boolean {
  const a = Buffer.from(hashAdminToken(presented), 'hex');
  const b = Buffer.from(expectedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Reads `Authorization: Bearer <token>`; undefined when absent or another scheme. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * An onRequest hook that answers 401 JSON unless the request carries the admin token. `tokenHash` may be a
 * function: a first start settles which generated token is in force only once it listens.
 */
export function requireAdminToken(tokenHash: string | (() => string)) {
  const expected = typeof tokenHash === 'function' ? tokenHash : () => tokenHash;
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const token = bearerToken(request.headers.authorization);
    if (token === undefined || !adminTokenMatches(token, expected())) {
      await sendError(reply, failure('UNAUTHORIZED', 'Missing or invalid admin token'));
    }
  };
}
