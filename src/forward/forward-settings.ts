import { z } from 'zod';
import { retryScheduleSchema, TOTAL_TIMEOUT_MS } from '../delivery/index.ts';
import type { ForwardSettings } from '../store/index.ts';
import { isHopByHopHeader, isReservedForwardHeader } from './forward-headers.ts';

/** Most custom headers a forward may add. */
const MAX_HEADERS = 20;

/** An HTTP header name (RFC 9110 token) that hookgate does not set itself. */
const headerName = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/, 'must be an HTTP header name')
  .refine(
    (name) => !isReservedForwardHeader(name),
    'webhook-*, x-hookgate-* and content-type are set by hookgate',
  )
  .refine((name) => !isHopByHopHeader(name), 'hop-by-hop headers cannot be set');

/** A header value without line breaks or NUL. */
const headerValue = z
  .string()
  .max(1024)
  .refine((value) => !/[\r\n\0]/.test(value), 'must not contain line breaks');

/** `forward` in `POST`/`PATCH /api/v1/connections`: where and how to forward accepted events. */
export const forwardInputSchema = z
  .object({
    url: z.string().min(1).max(2048).describe('http(s) URL of your backend; checked by the SSRF guard'),
    headers: z
      .record(headerName, headerValue)
      .refine((headers) => Object.keys(headers).length <= MAX_HEADERS, `at most ${MAX_HEADERS} headers`)
      .optional()
      .describe('Added to every forward; cannot replace webhook-*, x-hookgate-* or content-type'),
    retrySchedule: retryScheduleSchema
      .optional()
      .describe('Delays in seconds before each attempt; default HOOKGATE_RETRY_SCHEDULE'),
    timeoutMs: z
      .number()
      .int()
      .min(100)
      .max(TOTAL_TIMEOUT_MS)
      .optional()
      .describe(`Timeout of one attempt (default ${TOTAL_TIMEOUT_MS})`),
  })
  .describe('Where and how to forward accepted events');

/** The parsed `forward` input. */
export type ForwardInput = z.infer<typeof forwardInputSchema>;

/** The `forward` member of a connection view (unset fields shown with their defaults). */
export const forwardViewSchema = z
  .object({
    url: z.string(),
    secretPreview: z.string().describe('First 6 and last 4 characters of the forwarding secret'),
    headers: z.record(z.string(), z.string()),
    retrySchedule: z.array(z.number()),
    timeoutMs: z.number().int(),
    enabled: z.boolean(),
  })
  .meta({ id: 'Forward' });

/** The gateway-wide defaults a view fills in. */
export interface ForwardDefaults {
  readonly retrySchedule: readonly number[];
}

/** A connection's forwarding as the API shows it, or null when it does not forward. */
export function forwardView(settings: ForwardSettings | null | undefined, defaults: ForwardDefaults) {
  if (!settings) return null;
  return {
    url: settings.url,
    secretPreview: settings.secretPreview,
    headers: { ...settings.headers },
    retrySchedule: [...(settings.retrySchedule ?? defaults.retrySchedule)],
    timeoutMs: settings.timeoutMs ?? TOTAL_TIMEOUT_MS,
    enabled: settings.enabled,
  };
}

/** Settings from an input, keeping the secret preview of the current settings. */
export function forwardSettingsOf(input: ForwardInput, secretPreview: string): ForwardSettings {
  return {
    url: input.url,
    headers: { ...(input.headers ?? {}) },
    retrySchedule: input.retrySchedule ?? null,
    timeoutMs: input.timeoutMs ?? null,
    secretPreview,
    enabled: true,
  };
}
