/**
 * Providers that deliver through Svix or follow the Standard Webhooks spec, and static-token senders: one
 * row each through the shared builders.
 */
import type { ProviderSpec } from '../engine/spec.ts';
import { oktaVerification } from './handshakes.ts';
import { staticToken, svixClone } from './rows.ts';

/** Svix / Standard Webhooks clones. */
export const CLONE_SPECS: readonly ProviderSpec[] = [
  svixClone(
    {
      id: 'clerk',
      name: 'Clerk',
      category: 'auth',
      docsUrl: 'https://clerk.com/docs/webhooks/verify-webhooks',
    },
    'svix',
  ),
  svixClone(
    {
      id: 'resend',
      name: 'Resend',
      category: 'email',
      docsUrl: 'https://resend.com/docs/dashboard/webhooks/verify-webhooks-requests',
    },
    'svix',
  ),
  // Polar's SDK base64-encodes the raw secret before handing it to Standard Webhooks: the key is its UTF-8 bytes.
  svixClone(
    {
      id: 'polar',
      name: 'Polar',
      category: 'payments',
      docsUrl: 'https://polar.sh/docs/integrate/webhooks/delivery',
    },
    'webhook',
    'utf8',
  ),
  svixClone(
    {
      id: 'openai',
      name: 'OpenAI',
      category: 'ai',
      docsUrl: 'https://platform.openai.com/docs/guides/webhooks',
    },
    'webhook',
  ),
  svixClone(
    {
      id: 'replicate',
      name: 'Replicate',
      category: 'ai',
      docsUrl: 'https://replicate.com/docs/topics/webhooks/verify-webhook',
    },
    'webhook',
  ),
];

/** Static token senders: the header carries the configured secret (stored hashed). */
export const TOKEN_SPECS: readonly ProviderSpec[] = [
  staticToken(
    {
      id: 'gitlab',
      name: 'GitLab',
      category: 'developer',
      docsUrl:
        'https://docs.gitlab.com/user/project/integrations/webhooks/#validate-requests-with-a-secret-token',
    },
    'X-Gitlab-Token',
    { idempotency: [{ header: 'Idempotency-Key' }, { header: 'X-Gitlab-Event-UUID' }] },
  ),
  staticToken(
    {
      id: 'telegram',
      name: 'Telegram',
      category: 'communication',
      docsUrl: 'https://core.telegram.org/bots/api#setwebhook',
    },
    'X-Telegram-Bot-Api-Secret-Token',
    { idempotency: [{ json: 'update_id' }] },
  ),
  {
    ...staticToken(
      {
        id: 'okta',
        name: 'Okta',
        category: 'auth',
        docsUrl: 'https://developer.okta.com/docs/concepts/event-hooks/',
      },
      'Authorization',
      { idempotency: [{ json: 'eventId' }] },
    ),
    handshake: oktaVerification,
  },
  // Postmark authenticates with HTTP Basic credentials in the webhook URL; the secret is `user:password`.
  staticToken(
    {
      id: 'postmark',
      name: 'Postmark',
      category: 'email',
      docsUrl: 'https://postmarkapp.com/developer/webhooks/webhooks-overview#protecting-your-webhook',
    },
    'Authorization',
    { prefix: 'Basic ', encoding: 'base64' },
  ),
];
