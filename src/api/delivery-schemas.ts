/** Zod schemas of the outbound delivery API (validation and OpenAPI). */
import { z } from 'zod';
import { createEndpointBody, patchEndpointBody } from '../delivery/index.ts';
import { DELIVERY_STATES } from '../store/index.ts';
import { pageQuery } from './schemas.ts';
import { secretAgeFields } from './secret-age.ts';

export { createEndpointBody, patchEndpointBody };

const name = z
  .string()
  .min(1)
  .max(200)
  .refine((text) => !/\p{Cc}/u.test(text), 'must not contain control characters');

/** `POST /api/v1/applications`. */
export const createApplicationBody = z.object({ name });
/** `PATCH /api/v1/applications/{id}`. */
export const patchApplicationBody = z.object({ name: name.optional() });

/** `POST …/rotate` of an application or an endpoint. */
export const rotateDeliverySecretBody = z
  .object({
    secret: z
      .string()
      .min(1)
      .max(1024)
      .optional()
      .describe('Endpoints only: the new credential (else generated)'),
    graceSeconds: z
      .number()
      .int()
      .min(0)
      .max(30 * 24 * 3600)
      .optional()
      .describe('How long the previous secret keeps signing alongside the new one'),
  })
  .default({});

/** An application as the API shows it. */
export const applicationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    secretPreview: z.string().describe('First 6 and last 4 characters of the signing secret'),
    createdAt: z.string(),
    updatedAt: z.string(),
    ...secretAgeFields,
  })
  .meta({ id: 'Application' });

/** Create / rotate answer: the application and its new secret (shown once). */
export const applicationWithSecretSchema = z.object({
  application: applicationSchema,
  secret: z.string().optional().describe('The new signing secret; shown only in this response'),
});

/** An endpoint as the API shows it (credential masked). */
export const endpointSchema = z
  .object({
    id: z.string(),
    applicationId: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    eventTypes: z.array(z.string()).nullable(),
    enabled: z.boolean(),
    disabledReason: z.string().nullable(),
    rateLimit: z.number().int().nullable(),
    maxConcurrency: z.number().int().nullable(),
    signing: z
      .looseObject({ style: z.string(), secretScope: z.string() })
      .describe('Style and public fields'),
    secretPreview: z.string().nullable().describe('Mask of the endpoint credential; null when it has none'),
    headers: z.record(z.string(), z.string()),
    retrySchedule: z.array(z.number().int()).nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Endpoint' });

/** Create / update / rotate answer: the endpoint and a generated credential (shown once). */
export const endpointWithSecretSchema = z.object({
  endpoint: endpointSchema,
  secret: z.string().optional().describe('A credential hookgate generated; shown only in this response'),
});

/** One (message, endpoint) delivery. */
export const deliverySchema = z
  .object({
    id: z.string(),
    messageId: z.string(),
    endpointId: z.string(),
    state: z.enum(DELIVERY_STATES),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Delivery' });

/** A published message. */
export const messageSchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    applicationId: z.string(),
    type: z.string(),
    data: z.unknown(),
    idempotencyKey: z.string().nullable(),
    connectionId: z.string().nullable(),
    sourceEventId: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Message' });

/** A message with its deliveries. */
export const messageDetailSchema = messageSchema.extend({ deliveries: z.array(deliverySchema) });

/** One delivery attempt. */
export const attemptSchema = z
  .object({
    id: z.string(),
    messageId: z.string(),
    endpointId: z.string(),
    attempt: z.number().int(),
    status: z.enum(['SUCCESS', 'FAILED']),
    responseStatus: z.number().int().nullable(),
    responseBodyPreview: z.string(),
    latencyMs: z.number().int(),
    error: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Attempt' });

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * Any JSON value, as `z.json()` accepts, but registered as one named component that refers to itself:
 * `z.json()` alone makes the OpenAPI document point at a definition it never emits.
 */
export const jsonValue: z.ZodType<Json> = z
  .union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(z.lazy(() => jsonValue)),
    z.record(
      z.string(),
      z.lazy(() => jsonValue),
    ),
  ])
  .meta({ id: 'JsonValue', description: 'Any JSON value' });

/** `POST /api/v1/messages`. */
export const publishBody = z
  .object({
    applicationId: z.string().min(1).max(100),
    type: z.string().min(1).max(256),
    data: jsonValue.describe('Delivered as the envelope `data`'),
    idempotencyKey: z.string().min(1).max(256).optional(),
  })
  .meta({
    examples: [{ applicationId: 'app_2x7…', type: 'order.paid', data: { orderId: 1042, amount: 1999 } }],
  });

/** Publish answer: the message, and whether the idempotency key had been used. */
export const publishResponse = z.object({ message: messageSchema, duplicate: z.boolean() });

/** Path parameters of endpoint routes. */
export const endpointParams = z.object({
  id: z.string().min(1).max(100),
  endpointId: z.string().min(1).max(100),
});

/** Filters of `GET /api/v1/messages`. */
export const messageQuery = pageQuery.extend({
  applicationId: z.string().optional(),
  type: z.string().optional(),
});
/** Filters of attempt listings. */
export const attemptQuery = pageQuery.extend({
  endpointId: z.string().optional(),
  status: z.enum(['SUCCESS', 'FAILED']).optional(),
});
/** Filters of an endpoint's delivery listing. */
export const deliveryQuery = pageQuery.extend({ state: z.enum(DELIVERY_STATES).optional() });

/** `POST …/endpoints/{endpointId}/replay-failed`. */
export const replayFailedBody = z.object({
  since: z.iso.datetime().describe('Deliveries created at or after this time'),
});
/** `POST …/endpoints/{endpointId}/recover`. */
export const recoverBody = z
  .object({ since: z.iso.datetime().optional().describe('Default: every dead letter still kept') })
  .default({});
/** How many deliveries were queued again. */
export const requeuedSchema = z.object({ requeued: z.number().int() });
