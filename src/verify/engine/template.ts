/**
 * Signed-content templates: `v0:{timestamp}:{body}` is parsed once into parts, then rendered per request into
 * the exact bytes the provider signed. The body is kept as raw bytes, never decoded and re-encoded.
 */

/** One piece of a signed-content template. */
export type TemplatePart =
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: SimpleKind }
  | { readonly kind: 'header' | 'json'; readonly name: string };

/** The values a template can refer to; absent ones render as empty text. */
export interface TemplateValues {
  readonly body: Uint8Array;
  readonly method: string;
  readonly timestamp?: string;
  readonly id?: string;
  readonly url?: string;
  readonly form?: string;
  readonly secret?: string;
  readonly header?: (name: string) => string | undefined;
  readonly json?: (path: string) => string | undefined;
}

type SimpleKind = 'body' | 'timestamp' | 'id' | 'method' | 'url' | 'form' | 'secret';
const SIMPLE: ReadonlySet<string> = new Set<SimpleKind>([
  'body',
  'timestamp',
  'id',
  'method',
  'url',
  'form',
  'secret',
]);

function isSimple(kind: string): kind is SimpleKind {
  return SIMPLE.has(kind);
}
const TOKEN = /\{([a-z]+)(?::([^}]+))?\}/g;

/** Parses a template; throws on an unknown token (a programming error caught at module load). */
export function parseTemplate(template: string): readonly TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of template.matchAll(TOKEN)) {
    const [token, kind = '', name] = match;
    if (match.index > last) parts.push({ kind: 'text', value: template.slice(last, match.index) });
    last = match.index + token.length;
    if ((kind === 'header' || kind === 'json') && name !== undefined) {
      parts.push({ kind, name });
    } else if (isSimple(kind) && name === undefined) {
      parts.push({ kind });
    } else {
      throw new Error(`Unknown template token ${token}`);
    }
  }
  if (last < template.length) parts.push({ kind: 'text', value: template.slice(last) });
  return parts;
}

/** True when the template refers to a part of the given kind. */
export function templateUses(parts: readonly TemplatePart[], kind: TemplatePart['kind']): boolean {
  return parts.some((part) => part.kind === kind);
}

function partValue(part: TemplatePart, values: TemplateValues): string | Uint8Array {
  switch (part.kind) {
    case 'text':
      return part.value;
    case 'body':
      return values.body;
    case 'method':
      return values.method.toUpperCase();
    case 'header':
      return values.header?.(part.name) ?? '';
    case 'json':
      return values.json?.(part.name) ?? '';
    default:
      return values[part.kind] ?? '';
  }
}

/** The template's pieces in order (text as strings, the body as its bytes), for hashing without copying. */
export function templateChunks(
  parts: readonly TemplatePart[],
  values: TemplateValues,
): (string | Uint8Array)[] {
  return parts.map((part) => partValue(part, values));
}

/** Renders the template into the signed bytes. */
export function renderTemplate(parts: readonly TemplatePart[], values: TemplateValues): Buffer {
  const body = values.body;
  if (parts.length === 1 && parts[0]?.kind === 'body')
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const chunks = templateChunks(parts, values).map((value) =>
    typeof value === 'string' ? Buffer.from(value, 'utf8') : value,
  );
  return Buffer.concat(chunks);
}

/**
 * Form parameters (`application/x-www-form-urlencoded` body) sorted by key then value, as `key+value`. A pair
 * repeated with the same value counts once, as Twilio's SDK counts it (`new Set(values)`).
 */
export function sortedFormParams(body: Uint8Array, contentType: string | undefined): string {
  if (!contentType?.toLowerCase().includes('application/x-www-form-urlencoded')) return '';
  const pairs = [...new URLSearchParams(Buffer.from(body).toString('utf8'))];
  pairs.sort(([ka, va], [kb, vb]) => (ka === kb ? compare(va, vb) : compare(ka, kb)));
  const unique = pairs.filter(
    ([key, value], i) => i === 0 || pairs[i - 1]?.[0] !== key || pairs[i - 1]?.[1] !== value,
  );
  return unique.map(([key, value]) => key + value).join('');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
