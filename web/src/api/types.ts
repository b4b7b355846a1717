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
