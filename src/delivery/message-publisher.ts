import type { Failure } from '../errors/index.ts';

/** An outbound message to publish: the admin API's `POST /api/v1/messages` and flows both use this. */
export interface PublishInput {
  /** The application whose subscribed endpoints receive it (API), or… */
  readonly applicationId?: string;
  /** …one endpoint directly (a flow's `deliver` action). */
  readonly endpointId?: string;
  /** Event type, e.g. `order.updated`; endpoints filter on it. */
  readonly type: string;
  /** The JSON payload, delivered as the envelope's `data`. */
  readonly data: unknown;
  /** Same key → same message (no second delivery), per application. */
  readonly idempotencyKey?: string;
  /** The inbound connection and event that caused it (flows), recorded in the envelope's `meta`. */
  readonly connectionId?: string;
  readonly sourceEventId?: string;
}

/** The outcome of a publish: the message id once its deliveries are committed to the queue. */
export type PublishResult =
  | { readonly ok: true; readonly messageId: string; readonly duplicate: boolean }
  | Failure;

/** Publishes outbound messages; resolves after the message and its deliveries are durably queued. */
export interface MessagePublisher {
  publish(input: PublishInput): Promise<PublishResult>;
}
