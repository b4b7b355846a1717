/**
 * The generic `hmac` configuration: where the signature is, how it is encoded, which digest signs which
 * content, and an optional timestamp with its tolerance. A `preset` fills the fields (explicit fields win);
 * the stored config is always the filled one, so verification needs no preset table.
 */
import { z } from 'zod';
import { MAX_TOLERANCE_SECONDS } from '../engine/define.ts';
import { FALLBACK_TOLERANCE_SECONDS } from '../engine/verify.ts';
import {
  findPreset,
  type GenericHmacFields,
  HMAC_PRESET_IDS,
  type HmacPresetId,
} from '../providers/presets.ts';
import { headerNameSchema } from './scheme-helpers.ts';

/** Default signature header of the generic `hmac` mode. */
export const HMAC_DEFAULT_HEADER = 'x-signature';

const jsonPath = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_$@-]+(?:\.[A-Za-z0-9_$@-]+)*$/, 'must be a dotted path, e.g. signature.timestamp');

/** Marks a field the dashboard's create form leaves out (timestamps, presets: set them through the API). */
const ADVANCED = { 'x-form': { advanced: true } } as const;

/**
 * What the admin API accepts for `hmac` (no defaults here: a preset must see which fields were given).
 * `x-form` describes each field for the dashboard's create form (served by `GET /api/v1/providers`).
 */
export const hmacInputSchema = z.strictObject({
  mode: z.literal('hmac'),
  preset: z
    .enum(HMAC_PRESET_IDS)
    .optional()
    .meta({ description: 'Fills the fields below for a known provider', ...ADVANCED }),
  header: headerNameSchema.optional().meta({
    description: 'Signature header, case-insensitive (default x-signature)',
    'x-form': { label: 'Signature header', placeholder: HMAC_DEFAULT_HEADER, ask: true },
  }),
  algorithm: z
    .enum(['sha256', 'sha1', 'sha512'])
    .optional()
    .meta({
      description: 'HMAC digest (default sha256)',
      'x-form': {
        label: 'Algorithm',
        default: 'sha256',
        ask: true,
        optionLabels: { sha256: 'SHA256', sha1: 'SHA1', sha512: 'SHA512' },
      },
    }),
  encoding: z
    .enum(['hex', 'base64'])
    .optional()
    .meta({
      description: 'Signature encoding (default hex)',
      'x-form': { label: 'Encoding', default: 'hex', ask: true },
    }),
  prefix: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[\x21-\x7e]+$/, 'must be visible ASCII without spaces')
    .optional()
    .meta({
      description: 'Text before each signature, e.g. sha256= or v1=',
      'x-form': { label: 'Prefix', placeholder: 'sha256=' },
    }),
  content: z
    .string()
    .min(1)
    .max(512)
    .optional()
    .meta({
      description:
        'Signed content (default {body}): text plus {body}, {timestamp}, {method}, {url}, {form}, {header:<name>}, {json:<path>}',
      ...ADVANCED,
    }),
  timestampHeader: headerNameSchema
    .optional()
    .meta({ description: 'Header carrying the signed timestamp', ...ADVANCED }),
  timestampField: jsonPath
    .optional()
    .meta({ description: 'Dotted path of the timestamp in the JSON body', ...ADVANCED }),
  timestampUnit: z
    .enum(['s', 'ms', 'iso'])
    .optional()
    .meta({ description: 'Timestamp unit (default s)', ...ADVANCED }),
  tolerance: z
    .number()
    .int()
    .min(1)
    .max(MAX_TOLERANCE_SECONDS)
    .optional()
    .meta({
      description: 'Accepted clock difference in seconds, both directions (default 300)',
      ...ADVANCED,
    }),
  signatureField: jsonPath
    .optional()
    .meta({ description: 'Dotted path of the signature in the JSON body (no header)', ...ADVANCED }),
  publicUrl: z
    .url()
    .optional()
    .meta({ description: 'Public base URL the sender calls, when content uses {url}', ...ADVANCED }),
});

/** The filled `hmac` configuration, as stored and as verifiers read it: the generic fields a preset fills. */
export interface HmacConfig extends GenericHmacFields {
  readonly mode: 'hmac';
  readonly preset?: HmacPresetId;
  /** Absent only when the signature is in the body (`signatureField`). */
  readonly header?: string;
  readonly publicUrl?: string;
}

const FIELDS = [
  'header',
  'encoding',
  'prefix',
  'algorithm',
  'content',
  'timestampHeader',
  'timestampField',
  'timestampUnit',
  'tolerance',
  'signatureField',
  'publicUrl',
] as const;

type Field = (typeof FIELDS)[number];
type Merged = Partial<Record<Field, string | number>>;

/** The preset's fields overlaid with the given ones (values of the wrong type are dropped). */
export function mergePreset(input: Readonly<Record<string, unknown>>): Merged {
  const preset = findPreset(input.preset);
  const merged: Merged = { ...(preset?.generic as GenericHmacFields | undefined) };
  for (const field of FIELDS) {
    const value = input[field];
    if (typeof value === 'string' || typeof value === 'number') merged[field] = value;
  }
  return merged;
}

function text(merged: Merged, field: Field): string | undefined {
  const value = merged[field];
  return typeof value === 'string' ? value : undefined;
}

function pick<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.find((option) => option === value) ?? fallback;
}

/**
 * Fills an `hmac` config: preset fields, then the given ones, then defaults (header `x-signature`, hex,
 * sha256; with a timestamp: unit `s`, tolerance 300). Pure and total: it also serves raw stored configs.
 */
export function fillHmacConfig(input: unknown): HmacConfig {
  const record = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const merged = mergePreset(record);
  const preset = findPreset(record.preset) ? (record.preset as HmacPresetId) : undefined;
  const signatureField = text(merged, 'signatureField');
  const timestampHeader = text(merged, 'timestampHeader');
  const timestampField = text(merged, 'timestampField');
  const timed = timestampHeader !== undefined || timestampField !== undefined;
  const optional = (field: Field) => {
    const value = merged[field];
    return value === undefined ? {} : { [field]: value };
  };
  return {
    mode: 'hmac',
    ...(preset === undefined ? {} : { preset }),
    ...(signatureField === undefined ? { header: text(merged, 'header') ?? HMAC_DEFAULT_HEADER } : {}),
    encoding: pick(merged.encoding, ['hex', 'base64'], 'hex'),
    ...optional('prefix'),
    algorithm: pick(merged.algorithm, ['sha256', 'sha1', 'sha512'], 'sha256'),
    ...optional('content'),
    ...optional('timestampHeader'),
    ...optional('timestampField'),
    ...(timed ? { timestampUnit: pick(merged.timestampUnit, ['s', 'ms', 'iso'], 's') } : {}),
    ...(timed
      ? { tolerance: typeof merged.tolerance === 'number' ? merged.tolerance : FALLBACK_TOLERANCE_SECONDS }
      : {}),
    ...optional('signatureField'),
    ...optional('publicUrl'),
  } as HmacConfig;
}
