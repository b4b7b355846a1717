import type { IdentifierType } from '../api/processing-types.ts';

/** One step of a JSONPath as the schema API writes them: `.key`, `['odd key']` or `[*]`. */
export type PathStep = { readonly key: string } | { readonly each: true };

const STEP = /\.([A-Za-z_][A-Za-z0-9_]*)|\['([^']*)'\]|\[\*\]/y;

/** The steps of a path from `GET …/schema` (`$.data.items[*].sku`); null for any other JSONPath. */
export function parsePath(path: string): PathStep[] | null {
  if (!path.startsWith('$')) return null;
  const steps: PathStep[] = [];
  STEP.lastIndex = 1;
  while (STEP.lastIndex < path.length) {
    const match = STEP.exec(path);
    if (!match) return null;
    const key = match[1] ?? match[2];
    steps.push(key === undefined ? { each: true } : { key });
  }
  return steps;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The first value the path selects in the sample (`[*]` takes the first element), or undefined. */
export function sampleValueAt(sample: unknown, steps: readonly PathStep[]): unknown {
  let node: unknown = sample;
  for (const step of steps) {
    if ('each' in step) node = Array.isArray(node) ? node[0] : undefined;
    else node = record(node)?.[step.key];
    if (node === undefined) return undefined;
  }
  return node;
}

/** The JSON Schema node the path describes (searching `anyOf` members), or undefined. */
export function schemaNodeAt(
  schema: unknown,
  steps: readonly PathStep[],
): Record<string, unknown> | undefined {
  let node = record(schema);
  for (const step of steps) {
    if (!node) return undefined;
    const candidates = [node, ...(Array.isArray(node.anyOf) ? node.anyOf.map(record) : [])];
    let next: Record<string, unknown> | undefined;
    for (const candidate of candidates) {
      next ??= 'each' in step ? record(candidate?.items) : record(record(candidate?.properties)?.[step.key]);
    }
    node = next;
  }
  return node;
}

/** `string (email)`, `integer`, `object`, `string | null`… from a schema node. */
export function describeType(node: Record<string, unknown> | undefined): string {
  if (!node) return 'unknown';
  const members = Array.isArray(node.anyOf) ? node.anyOf.map((m) => describeType(record(m))) : null;
  const type = Array.isArray(node.type)
    ? node.type.join(' | ')
    : typeof node.type === 'string'
      ? node.type
      : null;
  const base = type ?? members?.join(' | ') ?? 'any';
  return typeof node.format === 'string' ? `${base} (${node.format})` : base;
}

/** True for fields that can hold an identifier: strings and numbers, not objects or arrays. */
export function isScalarType(description: string): boolean {
  return /\b(string|integer|number)\b/.test(description) && !/\b(object|array)\b/.test(description);
}

/** The identifier type a field most likely holds, from its path, format and sample value. */
export function guessIdentifierType(path: string, description: string, value: unknown): IdentifierType {
  const name = path.toLowerCase();
  if (description.includes('(email)') || name.includes('email') || /^[^@\s]+@[^@\s]+$/.test(String(value)))
    return 'email';
  if (/phone|mobile|msisdn|whatsapp/.test(name) || /^\+\d{7,15}$/.test(String(value))) return 'phone';
  if (/chat/.test(name)) return 'chat_id';
  return 'channel_user_id';
}

/** How deep a path is (for indenting the field list). */
export function depthOf(steps: readonly PathStep[]): number {
  return Math.max(0, steps.length - 1);
}

/** A short preview of a sample value: objects and arrays are summarized. */
export function previewValue(value: unknown): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return `[${value.length} ${value.length === 1 ? 'item' : 'items'}]`;
  if (typeof value === 'object' && value !== null) return '{…}';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
