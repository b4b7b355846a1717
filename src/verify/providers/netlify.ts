/**
 * Netlify: `X-Webhook-Signature` is a JWS (HS256, the secret as key) whose claims carry `iss: "netlify"` and
 * `sha256` = hex SHA-256 of the raw body. The first `hmac` preset (a hex HMAC of the body) does not match this.
 */
import { createHash, createHmac } from 'node:crypto';
import { z } from 'zod';
import { bytesEqual } from '../engine/algorithms.ts';
import { jsonString, parseJsonBody } from '../engine/json-path.ts';
import { hmacKey } from '../engine/keys.ts';
import { headerValue } from '../engine/signature-header.ts';
import { MISSING_CREDENTIAL } from '../engine/verify.ts';
import type { Scheme, SignedRequest } from '../scheme.ts';
import { type CredentialVersion, unauthorized, type VerifyRequest, type VerifyResult } from '../types.ts';

const HEADER = 'X-Webhook-Signature';
const JWS = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/;

function segmentJson(segment: string): unknown {
  return parseJsonBody(Buffer.from(segment, 'base64url'));
}

function checkNetlify(request: VerifyRequest, credentials: readonly CredentialVersion[]): VerifyResult {
  const secrets = credentials.flatMap((c) =>
    c.kind === 'plain' && hmacKey(c.secret, 'utf8') ? [c.secret] : [],
  );
  if (secrets.length === 0) return unauthorized(MISSING_CREDENTIAL);
  const token = headerValue(request.headers, HEADER)?.trim();
  if (token === undefined) return unauthorized(`Missing ${HEADER}`);
  const parts = JWS.exec(token);
  if (parts === null || jsonString(segmentJson(parts[1] ?? ''), 'alg') !== 'HS256') {
    return unauthorized(`Malformed JWS in ${HEADER}`);
  }
  const signingInput = `${parts[1]}.${parts[2]}`;
  const presented = Buffer.from(parts[3] ?? '', 'base64url');
  let matched = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(signingInput).digest();
    matched = bytesEqual(expected, presented) || matched;
  }
  if (!matched) return unauthorized('JWS signature mismatch');
  const claims = segmentJson(parts[2] ?? '');
  if (jsonString(claims, 'iss') !== 'netlify') return unauthorized('Netlify JWS issuer is not netlify');
  const digest = createHash('sha256').update(request.body).digest('hex');
  return jsonString(claims, 'sha256')?.toLowerCase() === digest
    ? { ok: true }
    : unauthorized('Netlify body hash mismatch');
}

function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Verifies a Netlify JWS against every plaintext credential version; never throws. */
export function verifyNetlify(
  request: VerifyRequest,
  credentials: readonly CredentialVersion[],
): VerifyResult {
  try {
    return checkNetlify(request, credentials);
  } catch {
    return unauthorized('Netlify signature could not be verified');
  }
}

/** Signs a body as Netlify does: a JWS (HS256) over `{ iss: "netlify", sha256: <hex SHA-256 of the body> }`. */
export function signNetlify(body: Uint8Array, secret: string): SignedRequest {
  const sha256 = createHash('sha256').update(body).digest('hex');
  const input = `${base64urlJson({ alg: 'HS256', typ: 'JWT' })}.${base64urlJson({ iss: 'netlify', sha256 })}`;
  const signature = createHmac('sha256', secret).update(input).digest('base64url');
  return { headers: { [HEADER]: `${input}.${signature}`, 'Content-Type': 'application/json' }, body };
}

/** The Netlify scheme (JWS HS256 over claims that pin the body's SHA-256). */
export const NETLIFY_SCHEME: Scheme<{ mode: 'netlify' }> = {
  id: 'netlify',
  name: 'Netlify',
  category: 'developer',
  docsUrl: 'https://docs.netlify.com/site-deploys/deploy-notifications/#payload-signature',
  config: z.strictObject({ mode: z.literal('netlify') }),
  storage: 'encrypted',
  credentialHeaders: () => [HEADER.toLowerCase()],
  validateSecret: (secret) => (secret === '' ? 'Netlify needs the JWS secret token' : null),
  verify: (request, _config, credentials) => verifyNetlify(request, credentials),
  sign: (body, _config, secret) => signNetlify(body, secret),
};
