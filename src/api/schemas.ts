import { z } from 'zod';
import { HISTORY_OUTCOMES } from '../errors/index.ts';
import { MAX_SEARCH_WORDS, SEARCH_BODY_CHARS, searchWords } from '../store/index.ts';
import { authBodySchema, createAuthBodySchema } from './auth-body-schema.ts';
import { forwardSummarySchema } from './forward-schemas.ts';
import { secretAgeFields } from './secret-age.ts';
import { TEMPLATE_IDS } from './sender-templates.ts';

/** Zod schemas of the admin API: they validate requests and generate /api/v1/openapi.json. */

export const errorSchema = z
  .object({ error: z.string().describe('A code from docs/errors.md'), message: z.string() })
  .meta({ id: 'Error' });

export const authViewSchema = z
  .looseObject({ mode: z.string().describe('Auth mode id, e.g. shared_secret, hmac, stripe') })
  .describe('The auth settings without the credential');

export const connectionSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    auth: authViewSchema,
    secretPreview: z.string().nullable().describe('First 6 and last 4 characters of the current secret'),
    inboundUrl: z.string().describe('The URL to give the sender'),
    maxBodyBytes: z.number().int().nullable(),
    enabled: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
    rotationReminderDays: z
      .number()
      .int()
      .nullable()
      .describe('This connection’s rotation reminder in days; null = HOOKGATE_ROTATION_REMINDER_DAYS'),
    ...secretAgeFields,
  })
  .describe('A connection (the routes add its identifier fields)');

const connectionName = z
  .string()
  .min(1)
  .max(200)
  .refine((name) => !/\p{Cc}/u.test(name), 'must not contain control characters');

const rotationReminderDays = z
  .number()
  .int()
  .min(1)
  .max(3650)
  .describe(
    'Days after a secret is created that its rotation is due (default HOOKGATE_ROTATION_REMINDER_DAYS)',
  );

export const createConnectionBody = z.object({
  name: connectionName,
  template: z
    .enum(TEMPLATE_IDS)
    .optional()
    .describe('Start from a sender template (GET /api/v1/templates): its auth mode, fields and identifier'),
  auth: createAuthBodySchema.optional().describe('Required unless a template is given'),
  maxBodyBytes: z
    .number()
    .int()
    .min(1)
    .max(100 * 1024 * 1024)
    .optional(),
  rotationReminderDays: rotationReminderDays.optional(),
});

export const patchConnectionBody = z.object({
  name: connectionName.optional(),
  auth: authBodySchema.optional(),
  maxBodyBytes: z
    .number()
    .int()
    .min(1)
    .max(100 * 1024 * 1024)
    .nullable()
    .optional(),
  enabled: z.boolean().optional(),
  rotationReminderDays: rotationReminderDays.nullable().optional(),
});

/** How long a rotated-out secret keeps working (verifying, or signing beside the new one): up to 30 days. */
export const graceSecondsSchema = z
  .number()
  .int()
  .min(0)
  .max(30 * 24 * 3600);

export const rotateBody = z
  .object({
    secret: z.string().min(1).optional(),
    graceSeconds: graceSecondsSchema.optional(),
  })
  .default({});

export const idParams = z.object({ id: z.string().min(1).max(100) });

export const pageQuery = z.object({
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const historyQuery = pageQuery.extend({
  connectionId: z.string().optional(),
  outcome: z.enum(HISTORY_OUTCOMES).optional(),
  since: z.iso.datetime({ offset: true }).optional().describe('Rows received at or after this time'),
  until: z.iso.datetime({ offset: true }).optional().describe('Rows received before this time'),
  q: z
    .string()
    .max(200)
    .refine((text) => searchWords(text).length > 0, 'must contain a letter or digit')
    .refine((text) => searchWords(text).length <= MAX_SEARCH_WORDS, `at most ${MAX_SEARCH_WORDS} words`)
    .optional()
    .describe(
      'Search text: rows where every word of q starts a word of the row id, event id, message, a header ' +
        `value or the first ${SEARCH_BODY_CHARS} characters of the body preview. Words are runs of ASCII ` +
        'letters and digits, compared case-insensitively.',
    ),
});

export const historyRowSchema = z
  .object({
    id: z.string(),
    connectionId: z.string(),
    receivedAt: z.string(),
    outcome: z.enum(HISTORY_OUTCOMES),
    message: z.string().nullable(),
    headers: z.record(z.string(), z.string()),
    bodyPreview: z.string(),
    bodySize: z.number().int(),
    eventId: z.string().nullable(),
    duplicateOf: z.string().nullable(),
    contactId: z.string().nullable(),
    repeatCount: z
      .number()
      .int()
      .describe('How many identical refused requests this row stands for (see Abuse limits in the README)'),
    forward: forwardSummarySchema.nullable(),
    warnings: z
      .array(z.string())
      .describe('Problems with a request that was still processed, each "CODE: explanation"; empty = none'),
  })
  .meta({ id: 'HistoryRow' });

export const eventSchema = z
  .object({
    id: z.string(),
    connectionId: z.string(),
    receivedAt: z.string(),
    contentType: z.string().nullable(),
    headers: z.record(z.string(), z.string()),
    body: z.string().describe('Base64 of the exact bytes received'),
  })
  .meta({ id: 'Event' });

/** The list shape every list endpoint answers. */
export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
