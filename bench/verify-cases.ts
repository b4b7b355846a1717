// The inputs and contenders of `npm run bench:verify`: one realistic signed delivery per provider, verified by
// the provider's official SDK and by hookgate (the `hookgate/verify` library, compiled once) on the same bytes.
import { sign as octokitSign, verify as octokitVerify } from '@octokit/webhooks-methods';
import Stripe from 'stripe';
import { Webhook as SvixWebhook } from 'svix';
import { createWebhookVerifier, type VerifyRequest } from '../src/verify/index.ts';

/** One contender: a function verifying the case's fixed input, resolving true when it verified. */
export type Contender = () => boolean | Promise<boolean>;

/** A provider case: who the SDK is and both contenders. */
export interface BenchCase {
  readonly name: string;
  readonly sdk: string;
  readonly sdkVerify: Contender;
  readonly hookgate: Contender;
  /** The hookgate API measured: `verifySync` (the SDKs are synchronous) unless stated. */
  readonly api?: string;
}

/** A Stripe-like invoice event (about 0.7 KB), the same bytes for every contender. */
export const BODY = Buffer.from(
  JSON.stringify({
    id: 'evt_1PqR2sT3uV4wX5yZ',
    object: 'event',
    type: 'invoice.paid',
    created: 1717243200,
    data: {
      object: {
        id: 'in_1PqR2sT3uV4wX5yZ',
        lines: Array.from({ length: 8 }, (_, i) => ({
          id: `il_${i}`,
          amount: 1000 * i,
          description: 'Pro plan × 1',
        })),
        metadata: { order: 'ord_42', note: 'héllo wörld' },
      },
    },
  }),
);

function request(headers: Record<string, string>, url = '/webhooks/in/con_bench'): VerifyRequest {
  return { method: 'POST', url, headers, body: BODY };
}

/** Builds the cases; signatures are made at the current time (the SDKs read the real clock). */
export async function benchCases(): Promise<readonly BenchCase[]> {
  const stripeSecret = 'whsec_bench_0123456789abcdef0123456789abcdef';
  const stripe = new Stripe('sk_test_bench');
  const stripeHeader = stripe.webhooks.generateTestHeaderString({
    payload: BODY.toString(),
    secret: stripeSecret,
  });
  const stripeVerifier = createWebhookVerifier({ mode: 'stripe', secret: stripeSecret });
  const stripeRequest = request({ 'stripe-signature': stripeHeader });

  const svixSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const svix = new SvixWebhook(svixSecret);
  const now = new Date();
  const svixHeaders = {
    'svix-id': 'msg_2Lh9cY8fQ3bZyZ',
    'svix-timestamp': String(Math.floor(now.getTime() / 1000)),
    'svix-signature': svix.sign('msg_2Lh9cY8fQ3bZyZ', now, BODY.toString()),
  };
  const svixVerifier = createWebhookVerifier({ mode: 'svix', secret: svixSecret });
  const svixRequest = request(svixHeaders);

  const githubSecret = 'github-bench-secret';
  const githubSignature = await octokitSign(githubSecret, BODY.toString());
  const githubVerifier = createWebhookVerifier({ mode: 'github', secret: githubSecret });
  const githubRequest = request({ 'x-hub-signature-256': githubSignature, 'x-github-delivery': 'd-1' });

  return [
    {
      name: 'stripe (verify + parse event)',
      sdk: 'stripe webhooks.constructEvent',
      sdkVerify: () => stripe.webhooks.constructEvent(BODY, stripeHeader, stripeSecret).id !== '',
      hookgate: () => stripeVerifier.verifySync(stripeRequest).ok,
    },
    {
      name: 'stripe (signature only)',
      sdk: 'stripe webhooks.signature.verifyHeader',
      sdkVerify: () => stripe.webhooks.signature?.verifyHeader(BODY, stripeHeader, stripeSecret) === true,
      hookgate: () => stripeVerifier.verifySync(stripeRequest, { deliveryId: false }).ok,
      api: 'verifySync, deliveryId: false',
    },
    {
      name: 'svix',
      sdk: 'svix Webhook.verify',
      sdkVerify: () => {
        svix.verify(BODY.toString(), svixHeaders); // throws unless verified; returns nothing in svix 2.x
        return true;
      },
      hookgate: () => svixVerifier.verifySync(svixRequest).ok,
    },
    {
      name: 'github',
      sdk: '@octokit/webhooks-methods verify',
      sdkVerify: () => octokitVerify(githubSecret, BODY.toString(), githubSignature),
      hookgate: () => githubVerifier.verifySync(githubRequest).ok,
    },
    {
      name: 'github (both async)',
      sdk: '@octokit/webhooks-methods verify',
      sdkVerify: () => octokitVerify(githubSecret, BODY.toString(), githubSignature),
      hookgate: () => githubVerifier.verify(githubRequest).then((result) => result.ok),
      api: 'verify',
    },
  ];
}
