/** At most this many paths are offered for one schema. */
const MAX_PATHS = 1000;

/** A key that can follow a dot in JSONPath. */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A key that can be quoted in brackets and read back by jsonpath-plus unchanged. */
const QUOTABLE_KEY = /^[^'"[\]@*\\()?,:~^`$]+$/;

/** The JSONPath segment for an object key; undefined when no path the library reads back names it. */
export function keySegment(key: string): string | undefined {
  if (PLAIN_KEY.test(key)) return `.${key}`;
  if (QUOTABLE_KEY.test(key)) return `['${key}']`;
  return undefined;
}

/** The object's own fields when `node` is a plain object. */
function asObject(node: unknown): Record<string, unknown> | undefined {
  return typeof node === 'object' && node !== null && !Array.isArray(node)
    ? (node as Record<string, unknown>)
    : undefined;
}

/** Adds the paths under `node` (a JSON Schema node) to `into`, depth first in key order. */
function walk(node: unknown, base: string, into: Set<string>): void {
  const schema = asObject(node);
  if (schema === undefined || into.size >= MAX_PATHS) return;
  if (Array.isArray(schema.anyOf)) {
    for (const member of schema.anyOf) walk(member, base, into);
  }
  const properties = asObject(schema.properties);
  if (properties !== undefined) {
    for (const [key, child] of Object.entries(properties)) {
      const segment = keySegment(key);
      if (segment === undefined || into.size >= MAX_PATHS) continue;
      into.add(base + segment);
      walk(child, base + segment, into);
    }
  }
  if (schema.items !== undefined && into.size < MAX_PATHS) {
    into.add(`${base}[*]`);
    walk(schema.items, `${base}[*]`, into);
  }
}

/**
 * The JSONPath of every field a JSON Schema describes, as a UI offers them: `$.data.counterparty.email`,
 * array elements as `[*]` (`$.items[*].sku`), odd keys quoted (`$['first name']`). Keys no JSONPath can
 * name reliably (quotes, brackets, `*`, `@`…) are left out, with everything under them. At most 1000.
 */
export function schemaPaths(schema: unknown): string[] {
  const paths = new Set<string>();
  walk(schema, '$', paths);
  return [...paths];
}
