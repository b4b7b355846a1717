/**
 * The one error type of the `hookgate/verify` library, thrown by the `…OrThrow` variants and by invalid
 * options. Like the gateway's own messages, it never carries a secret or an expected signature.
 */

/**
 * Why a webhook was refused:
 * - `UNAUTHORIZED`: the request did not verify (`message` says why, e.g. `UNAUTHORIZED: HMAC signature mismatch`);
 * - `INVALID_CONFIG`: the verifier options are unusable (unknown mode, bad field, malformed secret or key);
 * - `INVALID_REQUEST`: the framework request lacks what verification needs (no raw body).
 */
export type WebhookErrorCode = 'UNAUTHORIZED' | 'INVALID_CONFIG' | 'INVALID_REQUEST';

/** A refused or unverifiable webhook. `code` is stable; `message` is for people and logs. */
export class WebhookVerificationError extends Error {
  /** Machine-readable reason. */
  readonly code: WebhookErrorCode;

  /**
   * @param code - the reason, see {@link WebhookErrorCode}
   * @param message - a description without secrets
   */
  constructor(code: WebhookErrorCode, message: string) {
    super(message);
    this.name = 'WebhookVerificationError';
    this.code = code;
  }
}

/** True when `error` is a {@link WebhookVerificationError} (also across duplicated package copies). */
export function isWebhookVerificationError(error: unknown): error is WebhookVerificationError {
  return (
    error instanceof WebhookVerificationError ||
    (error instanceof Error &&
      error.name === 'WebhookVerificationError' &&
      typeof (error as { code?: unknown }).code === 'string')
  );
}
