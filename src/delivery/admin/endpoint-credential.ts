import { failure, type Result, success } from '../../errors/index.ts';
import type { SecretBox } from '../../secrets/index.ts';
import { maskSecret } from '../../secrets/index.ts';
import type { DeliverySecretRecord, EndpointRecord } from '../../store/index.ts';
import { checkEndpointCredential, generateEndpointCredential } from '../signing/credential-rules.ts';
import type { SigningStyle, StoredSigning } from '../signing/signing-config.ts';
import { sealedVersion } from './application-service.ts';

/** A new endpoint credential: the sealed version, its mask, and the plaintext when hookgate generated it. */
export interface NewCredential {
  readonly version: DeliverySecretRecord;
  readonly preview: string;
  readonly generated?: string;
}

/**
 * The credential for an endpoint whose style needs its own: the given one (checked against the style's
 * rules, e.g. Xoxo keys are alphanumeric 13–60) or a generated one.
 */
export function endpointCredential(
  secretBox: Pick<SecretBox, 'seal'>,
  endpointId: string,
  style: SigningStyle,
  given: string | undefined,
  now: number,
): Result<NewCredential> {
  if (given !== undefined) {
    const problem = checkEndpointCredential(style, given);
    if (problem !== null) return failure('VALIDATION_ERROR', `signing.secret: ${problem}`);
  }
  const plaintext = given ?? generateEndpointCredential(style);
  return success({
    version: sealedVersion(secretBox, endpointId, plaintext, now),
    preview: maskSecret(plaintext),
    ...(given === undefined && { generated: plaintext }),
  });
}

/**
 * What a signing change means for the endpoint's own credential: `keep` it, `replace` it (a new style or
 * scope needs a new one), or `none` (it signs with the application's secret, or not at all). A secret
 * given for an unchanged style is refused: credentials change through rotate.
 */
export function credentialChange(
  existing: EndpointRecord,
  next: StoredSigning,
  given: string | undefined,
): Result<'keep' | 'replace' | 'none'> {
  if (next.secretScope !== 'endpoint') {
    if (given !== undefined) {
      return failure(
        'VALIDATION_ERROR',
        'signing.secret applies only when the endpoint has its own secret (secretScope "endpoint")',
      );
    }
    return success('none');
  }
  const sameCredential =
    existing.signing?.secretScope === 'endpoint' && existing.signing.style === next.style;
  if (!sameCredential) return success('replace');
  if (given !== undefined) {
    return failure(
      'VALIDATION_ERROR',
      'signing.secret: change the credential with POST …/endpoints/{id}/rotate',
    );
  }
  return success('keep');
}
