/**
 * Shapes of the admin API (issue 3 contract). Only the fields the dashboard reads are typed;
 * timestamps may arrive as epoch milliseconds or ISO strings, so both are accepted.
 */

export type Timestamp = number | string;

/** The `auth` object of a connection as the API returns it: mode fields, never the secret. */
export interface ConnectionAuth {
  readonly mode: string;
  readonly [field: string]: unknown;
}

export interface Connection {
  readonly id: string;
  readonly name: string;
  readonly auth: ConnectionAuth;
  /** First 6 and last 4 characters of the current secret, e.g. `a1b2c3…wxyz`. */
  readonly secretPreview: string | null;
  readonly inboundUrl: string;
  readonly createdAt: Timestamp;
  readonly updatedAt?: Timestamp;
  readonly enabled?: boolean;
  readonly maxBodyBytes?: number | null;
  /** Where accepted events are forwarded; null when the connection does not forward. */
  readonly forward?: Forward | null;
}

/** A connection's forwarding as the API shows it (the secret only as a preview). */
export interface Forward {
  readonly url: string;
  readonly secretPreview: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly retrySchedule: readonly number[];
  readonly timeoutMs: number;
  readonly enabled: boolean;
}

/** What `forward` accepts on create and PATCH. */
export interface ForwardInput {
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly retrySchedule?: readonly number[];
  readonly timeoutMs?: number;
}

/** PATCH answer with forwarding: `forwardSecret` only when forwarding was just turned on (shown once). */
export type ConnectionWithForwardSecret = Connection & { readonly forwardSecret?: string };

/** The forward of one event, on its history row. */
export interface ForwardSummary {
  readonly status: 'pending' | 'delivered' | 'failed' | 'dead';
  readonly attempts: number;
  readonly lastStatusCode: number | null;
}

/** One forward attempt of an event. */
export interface ForwardAttempt {
  readonly attempt: number;
  readonly status: 'success' | 'failed';
  readonly statusCode: number | null;
  readonly durationMs: number;
  readonly responsePreview: string;
  readonly error: string | null;
  readonly at: Timestamp;
}

/** Create and rotate answers: `secret` is present only when hookgate generated it. */
export interface ConnectionWithSecret {
  readonly connection: Connection;
  readonly secret?: string;
}

export interface CreateConnectionInput {
  readonly name: string;
  readonly auth: { readonly mode: string; readonly [field: string]: unknown };
  readonly maxBodyBytes?: number;
}

export interface ConnectionPatch {
  readonly name?: string;
  readonly maxBodyBytes?: number | null;
  readonly enabled?: boolean;
}

export interface RotateInput {
  readonly secret?: string;
  readonly graceSeconds?: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

// One list of outcomes for the gateway and the dashboard.
export { HISTORY_OUTCOMES, type HistoryOutcome } from '../../../src/errors/outcomes.ts';

export interface HistoryRow {
  readonly id: string;
  readonly connectionId: string;
  readonly receivedAt: Timestamp;
  /** One of HISTORY_OUTCOMES; kept as a string so newer outcomes still render. */
  readonly outcome: string;
  readonly message: string | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly bodyPreview: string;
  readonly bodySize: number;
  readonly eventId: string | null;
  readonly duplicateOf: string | null;
  readonly contactId: string | null;
  /** The event's forward; null (or absent from older gateways) when it was not forwarded. */
  readonly forward?: ForwardSummary | null;
}

export interface HistoryQuery {
  readonly connectionId?: string;
  readonly outcome?: string;
  readonly cursor?: string;
  readonly limit?: number;
}

/** One configuration field of a provider mode, from `GET /api/v1/providers`. */
export interface ProviderField {
  readonly name: string;
  /** `string`, `number`, `boolean`, or `enum:a|b|c`. */
  readonly type: string;
  readonly required: boolean;
  readonly description?: string;
}

export interface Provider {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly fields: readonly ProviderField[];
  readonly tolerance?: number | null;
  readonly docsUrl?: string | null;
}

/** The JSON body of every API error. */
export interface ErrorBody {
  readonly error: string;
  readonly message: string;
}
