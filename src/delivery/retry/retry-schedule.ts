import { z } from 'zod';

/**
 * The default schedule, in seconds, as Standard Webhooks recommends: attempt 1 immediately, then after
 * 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h (8 attempts over about 27.6 hours).
 */
export const DEFAULT_RETRY_SCHEDULE: readonly number[] = [0, 5, 300, 1800, 7200, 18_000, 36_000, 36_000];

/** Most attempts a schedule may have. */
export const MAX_SCHEDULE_LENGTH = 20;

/** Longest single delay: 7 days. */
export const MAX_DELAY_SECONDS = 7 * 24 * 3600;

/** Longest `Retry-After` honoured: 1 hour. */
export const MAX_RETRY_AFTER_SECONDS = 3600;

/** Relative jitter applied to every non-zero delay: ±20 %. */
export const JITTER = 0.2;

/** A schedule as the API and the configuration accept it: 1–20 delays in seconds. */
export const retryScheduleSchema = z
  .array(z.number().int().min(0).max(MAX_DELAY_SECONDS))
  .min(1)
  .max(MAX_SCHEDULE_LENGTH);

/**
 * `HOOKGATE_RETRY_SCHEDULE`: a comma list of seconds, e.g. `0,5,300,1800,7200,18000,36000,36000`.
 * For the configuration schema (src/config/config.ts).
 */
export const retryScheduleEnvSchema = z
  .string()
  .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'must be a comma-separated list of seconds, e.g. 0,5,300')
  .transform((text) => text.split(',').map((part) => Number(part.trim())))
  .pipe(retryScheduleSchema);

/**
 * The delay before the attempt that follows attempt `made` of the current cycle (1-based), with jitter,
 * in milliseconds; null when the schedule is exhausted (→ DEAD_LETTER). `random` returns [0, 1); 0.5
 * means no jitter.
 */
export function nextDelayMs(schedule: readonly number[], made: number, random: () => number): number | null {
  const seconds = schedule[made];
  if (seconds === undefined) return null;
  const factor = 1 + JITTER * (2 * random() - 1);
  return Math.round(seconds * 1000 * factor);
}

/**
 * A `Retry-After` value (delta-seconds or an HTTP date) as milliseconds from `now`, capped at 1 hour;
 * null when absent or unparsable.
 */
export function retryAfterMs(value: string | null, now: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  else {
    const at = Date.parse(text);
    if (Number.isNaN(at)) return null;
    ms = at - now;
  }
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_SECONDS * 1000);
}
