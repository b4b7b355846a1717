import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { findScheme, type Scheme, type SignedRequest } from '../verify/internal.ts';
import { explainingFetch, parseMaybeJson } from './api-client.ts';
import { authFromFlags, withAuthFlags } from './connections-command.ts';
import { type CliContext, fail, wantsJson } from './context.ts';
import { examples } from './output.ts';

interface SendFlags extends Record<string, unknown> {
  mode: string;
  secret?: string;
  privateKey?: string;
  publicUrl?: string;
  data?: string;
  idempotencyKey?: string;
}

const SAMPLE = { type: 'test.event', id: 'evt_test', data: { message: 'Hello from hookgate send' } };

/** The body to send: `@file`, inline JSON/text, or a small sample event. */
export function bodyFrom(data: string | undefined): Uint8Array {
  if (data === undefined) return Buffer.from(JSON.stringify(SAMPLE));
  if (data.startsWith('@')) return readFileSync(data.slice(1));
  return Buffer.from(data);
}

/** A secret or key given inline, or `@file` (a PEM key file). */
export function credentialFrom(value: string): string {
  return value.startsWith('@') ? readFileSync(value.slice(1), 'utf8') : value;
}

const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;

/** Path and query of a URL exactly as written. */
function pathAndQuery(url: string): string {
  const rest = url.replace(ORIGIN, '');
  return rest === '' ? '/' : rest;
}

/**
 * The URL a URL-signed scheme must sign: the one the gateway rebuilds, i.e. `--public-url` plus the inbound
 * path and query (or `--public-url` itself when it already names the inbound path), else the target URL.
 */
export function signingUrl(target: string, publicUrl: string | undefined): string {
  if (publicUrl === undefined) return target;
  if (publicUrl.includes('/webhooks/in/')) return publicUrl;
  return publicUrl.replace(/\/+$/, '') + pathAndQuery(target);
}

/** Where to POST: the target, carrying any query the signer added to the public URL (Twilio `bodySHA256`). */
export function postUrl(target: string, signed: SignedRequest, publicUrl: string | undefined): string {
  if (signed.url === undefined) return target;
  if (publicUrl === undefined) return signed.url;
  return (ORIGIN.exec(target)?.[0] ?? '') + pathAndQuery(signed.url);
}

function configFor(
  scheme: Scheme,
  flags: SendFlags,
): { ok: true; config: unknown } | { ok: false; message: string } {
  const { publicUrl: _signingOnly, ...auth } = authFromFlags(flags);
  const parsed = scheme.config.safeParse(auth);
  if (parsed.success) return { ok: true, config: parsed.data };
  const issue = parsed.error.issues[0];
  return {
    ok: false,
    message: `Invalid auth flags: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
  };
}

function credentialOf(scheme: Scheme, flags: SendFlags): string | { error: string } {
  if (scheme.storage === 'public_key') {
    if (flags.privateKey === undefined) return { error: `--private-key is required for mode ${scheme.id}` };
    return credentialFrom(flags.privateKey);
  }
  const value = flags.secret ?? flags.privateKey;
  return value === undefined ? { error: '--secret is required' } : credentialFrom(value);
}

/**
 * `hookgate send <url> --mode <mode> --secret <s>`: signs a test request exactly as that provider would (any
 * catalogue mode, like `stripe trigger`) and POSTs it. Asymmetric schemes sign with `--private-key`;
 * URL-signed ones sign the public URL the gateway rebuilds (`--public-url`, as HOOKGATE_PUBLIC_URL).
 */
export function sendCommand(ctx: CliContext): Command {
  return withAuthFlags(new Command('send'))
    .description('sign a test request as a partner would and POST it')
    .argument('<url>', 'the inbound URL, e.g. http://127.0.0.1:8787/webhooks/in/con_…')
    .requiredOption('--mode <mode>', 'auth mode of the connection (stripe, svix, github, twilio, hmac, …)')
    .option('--secret <secret|@file>', 'the shared secret / signing secret')
    .option('--private-key <key|@file>', 'private key for asymmetric schemes (PEM, hex, base64 or whsk_…)')
    .option('--data <json|@file>', 'request body (default: a sample event)')
    .option('--idempotency-key <key>', 'send X-Idempotency-Key')
    .option('--json', 'print only the answer as JSON: { "status": 202, "body": … }')
    .addHelpText(
      'after',
      examples(
        'hookgate send http://127.0.0.1:8787/webhooks/in/con_… --mode shared_secret --secret s3cr3t',
        'hookgate send $URL --mode stripe --secret whsec_… --data @event.json --json',
      ),
    )
    .action(async (url: string, flags: SendFlags, command: Command) => {
      const scheme = findScheme(flags.mode);
      if (!scheme?.sign) return fail(ctx, `Mode ${flags.mode} cannot sign test requests`);
      const config = configFor(scheme, flags);
      if (!config.ok) return fail(ctx, config.message);
      const credential = credentialOf(scheme, flags);
      if (typeof credential !== 'string') return fail(ctx, credential.error);
      let signed: SignedRequest;
      try {
        const target = signingUrl(url, flags.publicUrl);
        signed = scheme.sign(bodyFrom(flags.data), config.config, credential, new Date(), target);
      } catch (error) {
        return fail(ctx, error instanceof Error ? error.message : 'signing failed');
      }
      const headers = new Headers({ 'content-type': 'application/json' });
      for (const [name, value] of Object.entries(signed.headers)) headers.set(name, value);
      if (flags.idempotencyKey) headers.set('x-idempotency-key', flags.idempotencyKey);
      const response = await explainingFetch(ctx.fetch)(postUrl(url, signed, flags.publicUrl), {
        method: 'POST',
        headers,
        body: Buffer.from(signed.body),
      });
      const body = parseMaybeJson(await response.text());
      // --json may come before or after `send` (then it is the global flag): JSON only, either way.
      if (wantsJson(command)) ctx.output.out(JSON.stringify({ status: response.status, body }, null, 2));
      else ctx.output.out(`${response.status} ${response.statusText}\n${JSON.stringify(body, null, 2)}`);
      if (response.status >= 400) ctx.setExitCode(1);
    });
}
