import { generateSecret } from '../../secrets/index.ts';
import { outboundStyle, type SigningStyle } from './signing-config.ts';

export { standardWebhooksKey } from './signing-styles.ts';

/** Length of generated application secrets (as Flintn's). */
export const APPLICATION_SECRET_LENGTH = 64;

/** A generated application signing secret: 64 characters of `[A-Za-z0-9]`. */
export function generateApplicationSecret(): string {
  return generateSecret(APPLICATION_SECRET_LENGTH);
}

/** Checks a user-given endpoint credential for `style` (the style's own rules); an error message or null. */
export function checkEndpointCredential(style: SigningStyle, secret: string): string | null {
  const rules = outboundStyle(style).credential;
  return rules === null ? `the ${style} style has no credential` : rules.check(secret);
}

/** Generates an endpoint credential for `style` (the `none` style has none: an empty string). */
export function generateEndpointCredential(style: SigningStyle): string {
  return outboundStyle(style).credential?.generate() ?? generateSecret(64);
}
