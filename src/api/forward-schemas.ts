import { z } from 'zod';
import { FORWARD_STATES } from '../store/index.ts';

/** Zod schemas of the forwarding routes (the settings' own are in src/forward/forward-settings.ts). */

export const forwardSummarySchema = z
  .object({
    status: z.enum(FORWARD_STATES as ['pending', 'delivered', 'failed', 'dead']),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
  })
  .meta({ id: 'ForwardSummary' })
  .describe('The forward of this event; null when its connection does not forward');

export const forwardAttemptSchema = z
  .object({
    attempt: z.number().int(),
    status: z.enum(['success', 'failed']),
    statusCode: z.number().int().nullable(),
    durationMs: z.number().int(),
    responsePreview: z.string().describe('First 4 KB of the response body'),
    error: z.string().nullable(),
    at: z.string(),
  })
  .meta({ id: 'ForwardAttempt' });

export const eventIdParams = z.object({ eventId: z.string().min(1).max(100) });

export const redeliverManyBody = z
  .object({
    since: z.iso.datetime({ offset: true }).optional().describe('Events received at or after (ISO time)'),
    until: z.iso.datetime({ offset: true }).optional().describe('Events received before (ISO time)'),
    status: z
      .enum(['failed', 'all'])
      .default('failed')
      .describe('failed: forwards that ended failed or dead; all: every forward'),
  })
  .default({ status: 'failed' });

export const queuedSchema = z.object({ queued: z.number().int() }).meta({ id: 'Queued' });
