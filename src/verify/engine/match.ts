/**
 * Matches presented signatures against every active credential version. Every (credential, signature) pair is
 * compared — no early exit — so timing does not reveal which version or which candidate matched.
 */
import type { CredentialVersion } from '../types.ts';
import {
  type AsymmetricAlgorithm,
  bytesEqual,
  computeDigest,
  keyFamily,
  type SymmetricAlgorithm,
  verifySignature,
} from './algorithms.ts';
import type { CompiledSpec } from './compile.ts';
import { publicKeyOf, secretKeyOf } from './credential-keys.ts';
import { type TemplateValues, templateChunks } from './template.ts';

/** How many credentials could be used, and which one matched (its secret, for symmetric schemes). */
export interface MatchOutcome {
  readonly usable: number;
  readonly matched: boolean;
  readonly secret?: string;
}

/** Tries every plaintext credential against every candidate signature. */
export function matchSymmetric(
  algorithm: SymmetricAlgorithm,
  { spec, parts, needs, bodyOnly }: CompiledSpec,
  values: TemplateValues,
  candidates: readonly Uint8Array[],
  credentials: readonly CredentialVersion[],
): MatchOutcome {
  const keyFormat = spec.key ?? 'utf8';
  const shared = needs.secret ? null : bodyOnly ? values.body : templateChunks(parts, values);
  let usable = 0;
  let secret: string | undefined;
  for (const credential of credentials) {
    if (credential.kind !== 'plain') continue;
    const key = secretKeyOf(credential, keyFormat);
    if (key === null) continue;
    usable += 1;
    const content = shared ?? templateChunks(parts, { ...values, secret: credential.secret });
    const expected = computeDigest(algorithm, key, content);
    let hit = false;
    for (const candidate of candidates) hit = bytesEqual(expected, candidate) || hit;
    if (hit && secret === undefined) secret = credential.secret;
  }
  return secret === undefined ? { usable, matched: false } : { usable, matched: true, secret };
}

/** Tries every public-key credential against every candidate signature. */
export function matchAsymmetric(
  algorithm: AsymmetricAlgorithm,
  content: Uint8Array,
  candidates: readonly Uint8Array[],
  credentials: readonly CredentialVersion[],
): MatchOutcome {
  let usable = 0;
  let matched = false;
  for (const credential of credentials) {
    if (credential.kind !== 'public_key') continue;
    const key = publicKeyOf(credential, keyFamily(algorithm));
    if (key === null) continue;
    usable += 1;
    for (const candidate of candidates)
      matched = verifySignature(algorithm, key, content, candidate) || matched;
  }
  return { usable, matched };
}
