import { z } from 'zod';

/** A JSON Schema (2020-12) node as inferred from a sample: the subset `inferSchema` produces. */
export type InferredSchema =
  | { readonly type: 'null' | 'boolean' | 'integer' | 'number' }
  | { readonly type: 'string'; readonly format?: string }
  | { readonly type: 'array'; readonly items?: InferredSchema }
  | {
      readonly type: 'object';
      readonly properties: Readonly<Record<string, InferredSchema>>;
      readonly required: readonly string[];
    }
  | { readonly anyOf: readonly InferredSchema[] }
  | { readonly [key: string]: never };

/** Deeper than this, a value is described as `{}` (anything). */
const MAX_DEPTH = 32;

/** String formats recognised, tried in this order (zod's validators, so they match its rules exactly). */
const FORMATS: readonly [string, z.ZodType][] = [
  ['date-time', z.iso.datetime({ offset: true })],
  ['date', z.iso.date()],
  ['uuid', z.uuid()],
  ['email', z.email()],
  ['uri', z.url({ protocol: /^https?$/ })],
];

/** The format of a string value, if it has one of the recognised ones. */
function formatOf(value: string): string | undefined {
  if (value.length > 2048) return undefined;
  return FORMATS.find(([, schema]) => schema.safeParse(value).success)?.[0];
}

/** Which group a schema belongs to when several are merged (integer and number merge to number). */
function kindOf(schema: InferredSchema): string {
  if (!('type' in schema)) return 'any';
  return schema.type === 'integer' ? 'number' : String(schema.type);
}

/** Merges two schemas of the same kind. */
function mergeSame(a: InferredSchema, b: InferredSchema): InferredSchema {
  if (!('type' in a) || !('type' in b)) return {};
  if (a.type === 'object' && b.type === 'object') {
    const properties: Record<string, InferredSchema> = { ...a.properties };
    for (const [key, schema] of Object.entries(b.properties)) {
      const existing = properties[key];
      properties[key] = existing === undefined ? schema : union([existing, schema]);
    }
    const required = a.required.filter((key) => b.required.includes(key));
    return { type: 'object', properties, required };
  }
  if (a.type === 'array' && b.type === 'array') {
    if (a.items === undefined) return b;
    if (b.items === undefined) return a;
    return { type: 'array', items: union([a.items, b.items]) };
  }
  if (a.type === 'string' && b.type === 'string') {
    const format = 'format' in a && 'format' in b && a.format === b.format ? a.format : undefined;
    return format === undefined ? { type: 'string' } : { type: 'string', format };
  }
  if (a.type !== b.type) return { type: 'number' };
  return a;
}

/** One schema describing every schema in `schemas`: merged per kind, `anyOf` when kinds differ. */
function union(schemas: readonly InferredSchema[]): InferredSchema {
  const members = schemas.flatMap((schema) => ('anyOf' in schema ? schema.anyOf : [schema]));
  const byKind = new Map<string, InferredSchema>();
  for (const member of members) {
    const kind = kindOf(member);
    const existing = byKind.get(kind);
    byKind.set(kind, existing === undefined ? member : mergeSame(existing, member));
  }
  if (byKind.has('any')) return {};
  const merged = [...byKind.values()];
  return merged.length === 1 && merged[0] !== undefined ? merged[0] : { anyOf: merged };
}

/** Infers the schema of one value. */
function infer(value: unknown, depth: number): InferredSchema {
  if (depth > MAX_DEPTH) return {};
  if (value === null) return { type: 'null' };
  if (typeof value === 'boolean') return { type: 'boolean' };
  if (typeof value === 'number') return { type: Number.isInteger(value) ? 'integer' : 'number' };
  if (typeof value === 'string') {
    const format = formatOf(value);
    return format === undefined ? { type: 'string' } : { type: 'string', format };
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return { type: 'array' };
    return { type: 'array', items: union(value.map((item) => infer(item, depth + 1))) };
  }
  if (typeof value === 'object') {
    const properties: Record<string, InferredSchema> = {};
    for (const [key, child] of Object.entries(value)) properties[key] = infer(child, depth + 1);
    return { type: 'object', properties, required: Object.keys(properties) };
  }
  return {};
}

/**
 * Infers a JSON Schema (draft 2020-12) from one sample payload: types (integer vs number), nested objects
 * (every key seen is `required`), arrays (the items of all elements merged; a key missing from some
 * elements is not required; differing types become `anyOf`), and the string formats date-time, date,
 * uuid, email and uri (http/https).
 */
export function inferSchema(sample: unknown): Record<string, unknown> {
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', ...infer(sample, 0) };
}
