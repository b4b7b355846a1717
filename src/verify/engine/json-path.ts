/**
 * Minimal JSON access for schemes that read fields of the body (Stripe event id, Linear `webhookTimestamp`,
 * Mailgun `signature.token`). Parsing never throws; a body that is not JSON reads as undefined.
 */

/** Parses a UTF-8 JSON body; undefined when it is not valid JSON. */
export function parseJsonBody(body: Uint8Array): unknown {
  if (body.byteLength === 0) return undefined;
  try {
    return JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The value at a dotted path (`signature.timestamp`), or undefined. */
export function jsonAt(json: unknown, path: string): unknown {
  let node = json;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
    if (!Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** The string (or finite number, as text) at a dotted path, or undefined. */
export function jsonString(json: unknown, path: string): string | undefined {
  const value = jsonAt(json, path);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A lazily parsed JSON body: parsed at most once, only when a scheme asks for it. */
export function lazyJson(body: Uint8Array): () => unknown {
  let parsed = false;
  let value: unknown;
  return () => {
    if (!parsed) {
      value = parseJsonBody(body);
      parsed = true;
    }
    return value;
  };
}

/** A copy of a JSON object body with `value` set at a dotted path; the body unchanged when it is not an object. */
export function withJsonField(body: Uint8Array, path: string, value: unknown): Uint8Array {
  const root = parseJsonBody(body);
  if (typeof root !== 'object' || root === null || Array.isArray(root)) return body;
  const copy: Record<string, unknown> = structuredClone(root) as Record<string, unknown>;
  const keys = path.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    node[key] = typeof next === 'object' && next !== null && !Array.isArray(next) ? next : {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] ?? path] = value;
  return Buffer.from(JSON.stringify(copy));
}
