/**
 * Text-level JSON helpers for `body_hash`: they work on the sender's own bytes, so member order, number
 * spelling and whitespace survive. Every function expects text that `JSON.parse` has already accepted.
 * Iterative (no recursion), so deeply nested bodies cannot overflow the stack.
 */

type TokenType = '{' | '}' | '[' | ']' | ',' | ':' | 'string' | 'literal';

interface Token {
  readonly type: TokenType;
  readonly start: number;
  readonly end: number;
}

/** A top-level member of an object: its key and the span from the key's quote to the value's last char. */
export interface JsonMember {
  readonly key: string;
  readonly keyStart: number;
  readonly valueEnd: number;
}

const PUNCTUATION = new Set(['{', '}', '[', ']', ',', ':']);

function* tokenize(text: string): Generator<Token> {
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i += 1;
    } else if (PUNCTUATION.has(ch)) {
      yield { type: ch as TokenType, start: i, end: i + 1 };
      i += 1;
    } else if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text.charAt(j) !== '"') j += text.charAt(j) === '\\' ? 2 : 1;
      yield { type: 'string', start: i, end: j + 1 };
      i = j + 1;
    } else {
      let j = i + 1;
      while (j < text.length && !/[\s,:[\]{}"]/.test(text.charAt(j))) j += 1;
      yield { type: 'literal', start: i, end: j };
      i = j;
    }
  }
}

/** The members of the top-level object of `text`, in source order (duplicates kept). */
export function topLevelMembers(text: string): JsonMember[] {
  const members: JsonMember[] = [];
  let depth = 0;
  let expectKey = false;
  let current: { key: string; keyStart: number } | null = null;
  let lastEnd = 0;
  for (const token of tokenize(text)) {
    if (token.type === '{' || token.type === '[') {
      depth += 1;
      expectKey = depth === 1 && token.type === '{';
    } else if (token.type === '}' || token.type === ']') {
      depth -= 1;
      if (depth === 0 && current !== null) members.push({ ...current, valueEnd: lastEnd });
      if (depth === 0) current = null;
    } else if (token.type === ',' && depth === 1) {
      if (current !== null) members.push({ ...current, valueEnd: lastEnd });
      current = null;
      expectKey = true;
    } else if (token.type === 'string' && depth === 1 && expectKey) {
      current = { key: JSON.parse(text.slice(token.start, token.end)) as string, keyStart: token.start };
      expectKey = false;
    }
    lastEnd = token.end;
  }
  return members;
}

/**
 * The sender's own serialization of the object without member `key`, cut out of the raw text. Returns
 * up to two variants (removing the comma before the member, or the one after it), or none when the key
 * is absent or appears more than once.
 */
export function cutMember(text: string, key: string): string[] {
  const members = topLevelMembers(text);
  const index = members.findIndex((m) => m.key === key);
  const target = members[index];
  if (target === undefined || members.findIndex((m, i) => i > index && m.key === key) !== -1) return [];
  const before = members[index - 1];
  const after = members[index + 1];
  const cuts: string[] = [];
  if (before !== undefined) cuts.push(text.slice(0, before.valueEnd) + text.slice(target.valueEnd));
  if (after !== undefined) cuts.push(text.slice(0, target.keyStart) + text.slice(after.keyStart));
  if (before === undefined && after === undefined) {
    cuts.push(text.slice(0, target.keyStart) + text.slice(target.valueEnd));
  }
  return cuts;
}

/** Python's `json.dumps` string escaping with `ensure_ascii=True` (the default). */
export function pythonString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (code === 0x22) out += '\\"';
    else if (code === 0x5c) out += '\\\\';
    else if (code === 0x0a) out += '\\n';
    else if (code === 0x0d) out += '\\r';
    else if (code === 0x09) out += '\\t';
    else if (code === 0x08) out += '\\b';
    else if (code === 0x0c) out += '\\f';
    // Outside printable ASCII (control, DEL, everything non-ASCII): \uXXXX per UTF-16 unit, lower-case hex,
    // which gives Python's surrogate pairs for characters beyond the BMP.
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += value.charAt(i);
  }
  return `${out}"`;
}

/**
 * Re-serializes JSON text keeping member order and number spelling: `compact` as `JSON.stringify` writes
 * (no spaces, its string escaping), `python` as `json.dumps` by default (`", "`, `": "`, ASCII escapes).
 */
export function reserialize(text: string, style: 'compact' | 'python'): string {
  const parts: string[] = [];
  for (const token of tokenize(text)) {
    const raw = text.slice(token.start, token.end);
    if (token.type === 'string') {
      const value = JSON.parse(raw) as string;
      parts.push(style === 'python' ? pythonString(value) : JSON.stringify(value));
    } else if (token.type === ',') parts.push(style === 'python' ? ', ' : ',');
    else if (token.type === ':') parts.push(style === 'python' ? ': ' : ':');
    else parts.push(raw);
  }
  return parts.join('');
}
