import { z } from 'zod';
import { isCountryCode, jsonPathProblem } from '../processing/index.ts';
import { IDENTIFIER_TYPES, UNKNOWN_CONTACT_POLICIES } from '../store/index.ts';
import { pageQuery } from './schemas.ts';

/** Zod schemas of the processing admin API (settings, capture, schema, contacts). */

/** A JSONPath as accepted in settings and filters. */
export const jsonPathSchema = z
  .string()
  .superRefine((path, context) => {
    const problem = jsonPathProblem(path);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
  })
  .describe('JSONPath into the payload, e.g. $.data.counterparty.email');

/** An ISO 3166 alpha-2 region, for phone numbers written without a country code. */
export const countrySchema = z
  .string()
  .refine((code) => isCountryCode(code), 'must be an ISO 3166 alpha-2 region libphonenumber knows, e.g. DE')
  .describe('Region for national phone numbers (ISO 3166 alpha-2)');

const identifierSchema = z.object({
  type: z.enum(IDENTIFIER_TYPES),
  path: jsonPathSchema,
  defaultCountry: z.string().nullable(),
});

/** A connection's processing settings as the API answers them. */
export const processingSettingsSchema = z
  .object({
    connectionId: z.string(),
    identifier: identifierSchema.nullable(),
    onUnknownContact: z.enum(UNKNOWN_CONTACT_POLICIES),
    capturing: z.boolean().describe('True while "capture next sample" is armed'),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'ConnectionProcessing' });

/** Where the contact identifier is in the payload (input form). */
export const identifierInputSchema = z
  .object({
    type: z.enum(IDENTIFIER_TYPES),
    path: jsonPathSchema,
    defaultCountry: countrySchema.optional(),
  })
  .nullable()
  .describe('Where the contact identifier is in the payload; null = no contact resolution');

/** Body of `PUT /api/v1/connections/{id}/processing`. */
export const putProcessingBody = z.object({
  identifier: identifierInputSchema,
  onUnknownContact: z.enum(UNKNOWN_CONTACT_POLICIES).default('skip'),
});

/** The identifier fields as they also appear on the connection itself (create, PATCH and the view). */
export const connectionIdentifierFields = {
  identifier: identifierInputSchema.optional(),
  onUnknownContact: z.enum(UNKNOWN_CONTACT_POLICIES).optional(),
};

/** The identifier fields of a connection view. */
export const connectionIdentifierView = {
  identifier: identifierSchema.nullable(),
  onUnknownContact: z.enum(UNKNOWN_CONTACT_POLICIES),
};

/** The capture state, answered by `POST|DELETE /api/v1/connections/{id}/capture`. */
export const captureSchema = z.object({
  connectionId: z.string(),
  capturing: z.boolean(),
  armedAt: z.string().nullable(),
});

/** Answer of `GET /api/v1/connections/{id}/schema`. */
export const sampleSchema = z
  .object({
    connectionId: z.string(),
    capturing: z.boolean(),
    eventId: z.string().nullable().describe('The event kept as the sample'),
    capturedAt: z.string().nullable(),
    sample: z.unknown().describe('The captured payload; null before the first capture'),
    schema: z.record(z.string(), z.unknown()).nullable().describe('JSON Schema (2020-12) inferred from it'),
    paths: z.array(z.string()).describe('JSONPath of every field, e.g. $.data.counterparty.email'),
  })
  .meta({ id: 'ConnectionSchema' });

const idValue = z.union([z.string().max(320), z.number().int()]);

/** A contact in a request: identifiers are normalized (phone → E.164, email → lower case). */
export const contactInputSchema = z.object({
  name: z.string().max(200).nullable().optional(),
  chatId: idValue.nullable().optional(),
  phone: idValue.nullable().optional(),
  channelUserId: idValue.nullable().optional(),
  email: z.string().max(320).nullable().optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
});

/** Body of `POST /api/v1/contacts` and `PATCH /api/v1/contacts/{id}`. */
export const contactBody = contactInputSchema.extend({ defaultCountry: countrySchema.optional() });

/** A contact as the API answers it. */
export const contactSchema = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    chatId: z.string().nullable(),
    phone: z.string().nullable().describe('E.164'),
    channelUserId: z.string().nullable(),
    email: z.string().nullable().describe('Lower case'),
    attributes: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Contact' });

/** Query of `GET /api/v1/contacts`: paging and exact (normalized) identifier filters. */
export const contactQuery = pageQuery.extend({
  chatId: z.string().optional(),
  phone: z.string().optional(),
  channelUserId: z.string().optional(),
  email: z.string().optional(),
  defaultCountry: countrySchema.optional(),
});

/** Body of `POST /api/v1/contacts/import`. */
export const importBody = z.object({
  contacts: z.array(contactInputSchema).min(1).max(5000),
  defaultCountry: countrySchema.optional(),
});

/** Answer of `POST /api/v1/contacts/import`: counts and one result per row. */
export const importResultSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  failed: z.number().int(),
  results: z.array(
    z.object({
      index: z.number().int(),
      status: z.enum(['created', 'updated', 'failed']),
      id: z.string().nullable(),
      message: z.string().nullable(),
    }),
  ),
});
