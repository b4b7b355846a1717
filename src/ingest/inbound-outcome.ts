import { type ErrorBody, type ErrorCode, statusOf } from '../errors/index.ts';
import type { HandshakeResponse } from '../verify/internal.ts';

/** What became of one inbound request: a value, mapped to HTTP in `toHttpReply` only. */
export type InboundOutcome =
  | { readonly kind: 'accepted'; readonly eventId: string }
  | { readonly kind: 'duplicate'; readonly eventId: string }
  | { readonly kind: 'handshake'; readonly response: HandshakeResponse }
  | {
      readonly kind: 'rejected';
      readonly code: ErrorCode;
      readonly message: string;
      readonly close?: boolean;
      /** For 429: when the sender may try again. */
      readonly retryAfterSeconds?: number;
    };

/** An HTTP reply ready to send. */
export interface HttpReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** The one place an inbound outcome becomes an HTTP status, headers and body. */
export function toHttpReply(outcome: InboundOutcome): HttpReply {
  switch (outcome.kind) {
    case 'accepted':
      return json(202, { id: outcome.eventId, status: 'accepted' });
    case 'duplicate':
      return json(200, { id: outcome.eventId, status: 'duplicate' });
    case 'handshake':
      return {
        status: outcome.response.status,
        headers: { 'content-type': outcome.response.contentType, 'x-content-type-options': 'nosniff' },
        body: outcome.response.body,
      };
    case 'rejected': {
      const body: ErrorBody = { error: outcome.code, message: outcome.message };
      const reply = json(statusOf(outcome.code), body);
      const headers = {
        ...reply.headers,
        ...(outcome.close && { connection: 'close' }),
        ...(outcome.retryAfterSeconds !== undefined && { 'retry-after': String(outcome.retryAfterSeconds) }),
      };
      return { ...reply, headers };
    }
    default:
      return assertNever(outcome);
  }
}

/** The headers of every JSON reply: one object, read and never changed by the transports. */
const JSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'content-type': JSON_TYPE });

function json(status: number, body: unknown): HttpReply {
  return { status, headers: JSON_HEADERS, body: JSON.stringify(body) };
}

function assertNever(value: never): never {
  throw new Error(`Unhandled inbound outcome: ${JSON.stringify(value)}`);
}
