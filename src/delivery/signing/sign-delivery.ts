import { outboundStyle, type StoredSigning } from './signing-config.ts';
import type { SignResult } from './signing-styles.ts';

export type { SignResult } from './signing-styles.ts';
export { standardWebhooksHeaders } from './signing-styles.ts';

/** What to sign. */
export interface SignInput {
  readonly signing: StoredSigning;
  /** Active credential versions, newest first; multi-signature styles sign with each (rotation grace). */
  readonly secrets: readonly string[];
  readonly body: string;
  readonly eventId: string;
  readonly unixSeconds: number;
}

/**
 * Signs one attempt with the endpoint's style (signing-styles.ts). `hookgate` and `standard_webhooks` carry
 * one signature per active secret (so a receiver still on the old secret verifies during a rotation grace);
 * the single-value styles use the newest.
 */
export function signDelivery(input: SignInput): SignResult {
  const style = outboundStyle(input.signing.style);
  const [newest, ...older] = input.secrets;
  if (style.credential === null) {
    return style.sign({ ...input, secrets: [''] });
  }
  if (newest === undefined) return { ok: false, message: 'no active signing secret' };
  return style.sign({ ...input, secrets: [newest, ...older] });
}
