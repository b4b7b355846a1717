/**
 * Independent signers, written from each provider's documentation with node:crypto only (not the engine):
 * the oracle for providers without an SDK installed. Each recipe signs BODY-like input at NOW.
 */
import { createHmac } from 'node:crypto';
import { BODY, NOW, NOW_SECONDS } from './helpers.ts';
import { OTHER_RECIPES, otherPublicKey } from './recipes-other.ts';

/** A documented request: headers, body, the public URL it was sent to, and where its signature sits. */
export interface Recipe {
  readonly headers: Record<string, string>;
  readonly body?: Uint8Array;
  readonly publicUrl?: string;
  /** The single-value signature header, for the wrong-encoding test. */
  readonly signature?: {
    readonly header: string;
    readonly prefix?: string;
    readonly encoding: 'hex' | 'base64';
  };
  readonly credential:
    | { readonly kind: 'plain'; readonly secret: string }
    | { readonly kind: 'public_key'; readonly publicKey: string };
}

/** The shared test secret. */
export const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const hmac = (alg: string, data: string | Buffer, key: string | Buffer = SECRET) =>
  createHmac(alg, key).update(data).digest();
const withBody = (prefix: string, suffix = '') =>
  Buffer.concat([Buffer.from(prefix), BODY, Buffer.from(suffix)]);
const plain = { kind: 'plain', secret: SECRET } as const;

function bodyOnly(header: string, alg: string, encoding: 'hex' | 'base64', prefix = ''): Recipe {
  return {
    headers: { [header]: `${prefix}${hmac(alg, BODY).toString(encoding)}` },
    signature: { header, prefix, encoding },
    credential: plain,
  };
}

/** A wrong credential of the right kind for each recipe (another secret, or another key of the same family). */
export function wrongCredential(id: string, recipe: Recipe): Recipe['credential'] {
  if (recipe.credential.kind === 'plain') return { kind: 'plain', secret: `${recipe.credential.secret}x` };
  return { kind: 'public_key', publicKey: otherPublicKey(id) };
}

const iso = new Date(NOW).toISOString();
const twitchTs = '2025-06-01T12:00:00.123456789Z';

/** Recipes by mode id. */
export const RECIPES: Readonly<Record<string, () => Recipe>> = {
  ...OTHER_RECIPES,
  bitbucket: () => bodyOnly('X-Hub-Signature', 'sha256', 'hex', 'sha256='),
  paystack: () => bodyOnly('x-paystack-signature', 'sha512', 'hex'),
  razorpay: () => bodyOnly('X-Razorpay-Signature', 'sha256', 'hex'),
  vercel: () => bodyOnly('x-vercel-signature', 'sha1', 'hex'),
  flintn: () => bodyOnly('X-Signature-Primary', 'sha256', 'hex'),
  intercom: () => bodyOnly('X-Hub-Signature', 'sha1', 'hex', 'sha1='),
  typeform: () => bodyOnly('Typeform-Signature', 'sha256', 'base64', 'sha256='),
  lemon_squeezy: () => bodyOnly('X-Signature', 'sha256', 'hex'),
  sentry: () => bodyOnly('Sentry-Hook-Signature', 'sha256', 'hex'),
  xero: () => bodyOnly('x-xero-signature', 'sha256', 'base64'),
  coinbase_commerce: () => bodyOnly('X-CC-Webhook-Signature', 'sha256', 'hex'),
  dropbox: () => bodyOnly('X-Dropbox-Signature', 'sha256', 'hex'),
  woocommerce: () => bodyOnly('X-WC-Webhook-Signature', 'sha256', 'base64'),
  gitea: () => bodyOnly('X-Gitea-Signature', 'sha256', 'hex'),
  cal_com: () => bodyOnly('X-Cal-Signature-256', 'sha256', 'hex'),
  docusign: () => bodyOnly('X-DocuSign-Signature-1', 'sha256', 'base64'),
  github_sha1: () => bodyOnly('X-Hub-Signature', 'sha1', 'hex', 'sha1='),
  zendesk: () => ({
    headers: {
      'X-Zendesk-Webhook-Signature': hmac('sha256', withBody(iso)).toString('base64'),
      'X-Zendesk-Webhook-Signature-Timestamp': iso,
    },
    signature: { header: 'X-Zendesk-Webhook-Signature', encoding: 'base64' },
    credential: plain,
  }),
  linear: () => {
    const body = Buffer.from(`{"action":"create","type":"Issue","webhookTimestamp":${NOW.getTime()}}`);
    return {
      headers: { 'Linear-Signature': hmac('sha256', body).toString('hex') },
      body,
      signature: { header: 'Linear-Signature', encoding: 'hex' },
      credential: plain,
    };
  },
  pagerduty: () => ({
    headers: { 'X-PagerDuty-Signature': `v1=${'ab'.repeat(32)},v1=${hmac('sha256', BODY).toString('hex')}` },
    credential: plain,
  }),
  zoom: () => ({
    headers: {
      'x-zm-signature': `v0=${hmac('sha256', withBody(`v0:${NOW_SECONDS}:`)).toString('hex')}`,
      'x-zm-request-timestamp': String(NOW_SECONDS),
    },
    signature: { header: 'x-zm-signature', prefix: 'v0=', encoding: 'hex' },
    credential: plain,
  }),
  twitch: () => ({
    headers: {
      'Twitch-Eventsub-Message-Id': 'e76c6bd4-55c9-4987-8304-da1588d8988b',
      'Twitch-Eventsub-Message-Timestamp': twitchTs,
      'Twitch-Eventsub-Message-Signature': `sha256=${hmac('sha256', withBody(`e76c6bd4-55c9-4987-8304-da1588d8988b${twitchTs}`)).toString('hex')}`,
    },
    signature: { header: 'Twitch-Eventsub-Message-Signature', prefix: 'sha256=', encoding: 'hex' },
    credential: plain,
  }),
  calendly: () => ({
    headers: {
      'Calendly-Webhook-Signature': `t=${NOW_SECONDS},v1=${hmac('sha256', withBody(`${NOW_SECONDS}.`)).toString('hex')}`,
    },
    credential: plain,
  }),
  mux: () => ({
    headers: {
      'Mux-Signature': `t=${NOW_SECONDS},v1=${hmac('sha256', withBody(`${NOW_SECONDS}.`)).toString('hex')}`,
    },
    credential: plain,
  }),
};
