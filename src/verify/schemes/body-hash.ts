import { z } from 'zod';
import { generateSecret } from '../../secrets/index.ts';
import type { Scheme } from '../scheme.ts';
import { unauthorized, VERIFIED, type VerifyResult } from '../types.ts';
import { cutMember, reserialize } from './json-text.ts';
import {
  anyDigestEquals,
  checkSecretLength,
  decodeSignature,
  guard,
  hmac,
  MESSAGES,
  plainSecrets,
} from './scheme-helpers.ts';

/** Config of `body_hash`: the name of the body member that carries the signature. */
export const bodyHashConfigSchema = z.strictObject({
  mode: z.literal('body_hash'),
  /** Top-level JSON member holding the hex HMAC-SHA256; default `hash` (We-Link). */
  field: z
    .string()
    .min(1)
    .max(128)
    .default('hash')
    .meta({ 'x-form': { label: 'Hash field' } }),
});

/** Parsed `body_hash` configuration. */
export type BodyHashConfig = z.output<typeof bodyHashConfigSchema>;

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseObject(body: Uint8Array): { text: string; value: Record<string, unknown> } | null {
  try {
    const text = utf8.decode(body);
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    return { text, value: value as Record<string, unknown> };
  } catch {
    return null;
  }
}

function verifyBodyHash(body: Uint8Array, field: string, secrets: readonly string[]): VerifyResult {
  const parsed = parseObject(body);
  if (parsed === null || !Object.hasOwn(parsed.value, field)) return unauthorized(`Missing ${field}`);
  const claimed = parsed.value[field];
  const presented = typeof claimed === 'string' ? decodeSignature(claimed.trim(), 'hex', 32) : null;
  if (presented === null) return unauthorized(MESSAGES.mismatch);
  const matches = (candidates: Iterable<string>): boolean => {
    const expected: Buffer[] = [];
    for (const text of candidates) for (const secret of secrets) expected.push(hmac('sha256', secret, text));
    return anyDigestEquals(expected, presented);
  };
  // 1. The sender's own serialization: the raw text with the member cut out (the usual case, and exact).
  const cuts = cutMember(parsed.text, field);
  if (matches(cuts)) return VERIFIED;
  // 2. Re-serializations, for senders that signed one serialization and sent another.
  const rest = { ...parsed.value };
  delete rest[field];
  const stringified = JSON.stringify(rest);
  const base = cuts[0] ?? stringified;
  const candidates = new Set([reserialize(base, 'compact'), stringified, reserialize(base, 'python')]);
  for (const cut of cuts) candidates.delete(cut);
  return matches(candidates) ? VERIFIED : unauthorized(MESSAGES.mismatch);
}

/**
 * `body_hash` (We-Link): the JSON body carries `<field>` = hex HMAC-SHA256(secret, JSON of the body without
 * that field). Tried in order: the raw bytes with the member cut out exactly (the sender's serialization),
 * then `JSON.stringify` compact, then Python's `json.dumps` default. A body that is not a JSON object, or
 * lacks the field → `Missing <field>`; otherwise a failed check → `HMAC signature mismatch`.
 */
export const bodyHashScheme: Scheme<BodyHashConfig> = {
  id: 'body_hash',
  name: 'Hash in body',
  category: 'generic',
  description: 'The signature sits in a JSON body field: HMAC-SHA256 hex of the body without it (We-Link).',
  config: bodyHashConfigSchema,
  storage: 'encrypted',
  generateSecret: () => generateSecret(64),
  validateSecret: (secret) => checkSecretLength(secret),
  signatureFields: (config) => [config.field],
  verify(request, config, credentials) {
    return guard(() => {
      const secrets = plainSecrets(credentials);
      if (secrets.length === 0) return unauthorized(MESSAGES.missingCredential);
      return verifyBodyHash(request.body, config.field, secrets);
    }, MESSAGES.mismatch);
  },
  /**
   * Signs like We-Link's Node example: the field is set to HMAC-SHA256 hex of `JSON.stringify` of the body
   * without it, and the body is sent compact with the field last.
   * @throws Error when the body is not a JSON object.
   */
  sign(body, config, secret) {
    const parsed = parseObject(body);
    if (parsed === null) throw new Error('body_hash can only sign a JSON object body');
    const rest = { ...parsed.value };
    delete rest[config.field];
    const signature = hmac('sha256', secret, JSON.stringify(rest)).toString('hex');
    const signed = JSON.stringify({ ...rest, [config.field]: signature });
    return { headers: { 'content-type': 'application/json' }, body: Buffer.from(signed, 'utf8') };
  },
};
