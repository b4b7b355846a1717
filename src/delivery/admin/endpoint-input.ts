import { z } from 'zod';
import { headerNameSchema } from '../../verify/internal.ts';
import { RESERVED_HEADER_NAMES } from '../envelope.ts';
import { retryScheduleSchema } from '../retry/retry-schedule.ts';
import { signingInputSchema } from '../signing/signing-config.ts';
import { MAX_URL_LENGTH } from '../ssrf/destination-url.ts';

/** An event type or pattern: `order.updated`, `order.*`, `*`. */
const eventTypeSchema = z
  .string()
  .min(1)
  .max(256)
  .refine((type) => !/\p{Cc}/u.test(type), 'must not contain control characters');

/** A header value: no CR, LF or other control characters except tab. */
const headerValueSchema = z
  .string()
  .max(1000)
  .regex(/^[\t\x20-\x7e\u0080-\u00ff]*$/, 'must be printable (no CR, LF or control characters)');

const fields = {
  url: z
    .url({ protocol: /^https?$/ })
    .max(MAX_URL_LENGTH)
    .describe('http(s) URL; checked by the SSRF guard'),
  description: z.string().max(500).nullable(),
  eventTypes: z
    .array(eventTypeSchema)
    .min(1)
    .max(100)
    .nullable()
    .describe('Subscribed types (`order.updated`, `order.*`, `*`); null or absent = all'),
  enabled: z.boolean(),
  rateLimit: z.number().int().min(1).max(10_000).nullable().describe('Requests per second; null = unlimited'),
  maxConcurrency: z.number().int().min(1).max(1000).nullable().describe('Requests in flight per worker'),
  signing: signingInputSchema,
  headers: z
    .record(headerNameSchema, headerValueSchema)
    .refine((headers) => Object.keys(headers).length <= 20, 'at most 20 headers')
    .describe('Extra headers sent with every delivery'),
  retrySchedule: retryScheduleSchema.nullable().describe('Delays in seconds; the first is before attempt 1'),
};

/** `POST /api/v1/applications/{id}/endpoints`. */
export const createEndpointBody = z.object({
  url: fields.url,
  description: fields.description.optional(),
  eventTypes: fields.eventTypes.optional(),
  enabled: fields.enabled.optional(),
  rateLimit: fields.rateLimit.optional(),
  maxConcurrency: fields.maxConcurrency.optional(),
  signing: fields.signing.optional().describe('Default: { style: "hookgate" } with the application secret'),
  headers: fields.headers.optional(),
  retrySchedule: fields.retrySchedule.optional(),
});

/** `PATCH …/endpoints/{endpointId}`: any subset. */
export const patchEndpointBody = createEndpointBody.partial();

/** Parsed create input. */
export type EndpointInput = z.output<typeof createEndpointBody>;
/** Parsed patch input. */
export type EndpointPatchInput = z.output<typeof patchEndpointBody>;

/** The first custom header hookgate or the signing style (its `header`, if any) sets itself, or null. */
export function reservedHeaderIn(headers: Readonly<Record<string, string>>, signing: object): string | null {
  const header = 'header' in signing ? signing.header : undefined;
  const own = typeof header === 'string' ? [header.toLowerCase()] : [];
  const taken = new Set([...RESERVED_HEADER_NAMES, ...own]);
  return Object.keys(headers).find((name) => taken.has(name.toLowerCase())) ?? null;
}
