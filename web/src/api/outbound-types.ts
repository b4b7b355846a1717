/** Shapes of the outbound delivery API (src/api/delivery-schemas.ts, docs/delivery.md). */

export interface Application {
  readonly id: string;
  readonly name: string;
  /** First 6 and last 4 characters of the signing secret. */
  readonly secretPreview: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Create and rotate answers: the secret appears only here. */
export interface ApplicationWithSecret {
  readonly application: Application;
  readonly secret?: string;
}

export const SIGNING_STYLES = [
  'hookgate',
  'standard_webhooks',
  'hmac_header',
  'body_hash',
  'api_key',
  'bearer',
  'basic',
  'none',
] as const;
export type SigningStyle = (typeof SIGNING_STYLES)[number];

/** `signing` as shown: style, scope and the style's public fields (`header`, `field`, `username`). */
export interface EndpointSigning {
  readonly style: string;
  readonly secretScope: string;
  readonly [field: string]: unknown;
}

export interface Endpoint {
  readonly id: string;
  readonly applicationId: string;
  readonly url: string;
  readonly description: string | null;
  /** null = every event type. */
  readonly eventTypes: readonly string[] | null;
  readonly enabled: boolean;
  readonly disabledReason: string | null;
  readonly rateLimit: number | null;
  readonly maxConcurrency: number | null;
  readonly signing: EndpointSigning;
  /** Mask of the endpoint's own credential; null when it signs with the application secret or not at all. */
  readonly secretPreview: string | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly retrySchedule: readonly number[] | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Create / update / rotate answer: `secret` only when hookgate generated a credential. */
export interface EndpointWithSecret {
  readonly endpoint: Endpoint;
  readonly secret?: string;
}

/** `signing` in a request; `secret` is write-only. */
export interface SigningInput {
  readonly style: SigningStyle;
  readonly secretScope?: 'application' | 'endpoint';
  readonly header?: string;
  readonly field?: string;
  readonly username?: string;
  readonly secret?: string;
}

/** Body of `POST …/endpoints` (every field) and `PATCH …/endpoints/{id}` (any subset). */
export interface EndpointInput {
  readonly url?: string;
  readonly description?: string | null;
  readonly eventTypes?: readonly string[] | null;
  readonly enabled?: boolean;
  readonly rateLimit?: number | null;
  readonly maxConcurrency?: number | null;
  readonly signing?: SigningInput;
  readonly headers?: Readonly<Record<string, string>>;
  readonly retrySchedule?: readonly number[] | null;
}

export const DELIVERY_STATES = ['PENDING', 'SUCCESS', 'FAILED', 'DEAD_LETTER'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface Delivery {
  readonly id: string;
  readonly messageId: string;
  readonly endpointId: string;
  readonly state: DeliveryState;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const ATTEMPT_STATUSES = ['SUCCESS', 'FAILED'] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

export interface Attempt {
  readonly id: string;
  readonly messageId: string;
  readonly endpointId: string;
  readonly attempt: number;
  readonly status: AttemptStatus;
  readonly responseStatus: number | null;
  /** The first 4 KB of the response body, credentials replaced by [redacted]. */
  readonly responseBodyPreview: string;
  readonly latencyMs: number;
  readonly error: string | null;
  readonly createdAt: string;
}

export interface OutboundRotateInput {
  readonly secret?: string;
  readonly graceSeconds?: number;
}
