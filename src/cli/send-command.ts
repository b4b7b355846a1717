import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { findScheme } from '../verify/index.ts';
import { parseMaybeJson } from './api-client.ts';
import { authFromFlags, withAuthFlags } from './connections-command.ts';
import type { CliContext } from './context.ts';

interface SendFlags extends Record<string, unknown> {
  mode: string;
  secret?: string;
  privateKey?: string;
  data?: string;
  idempotencyKey?: string;
  json?: boolean;
}

const SAMPLE = { type: 'test.event', id: 'evt_test', data: { message: 'Hello from hookgate send' } };

/** The body to send: `@file`, inline JSON/text, or a small sample event. */
export function bodyFrom(data: string | undefined): Uint8Array {
  if (data === undefined) return Buffer.from(JSON.stringify(SAMPLE));
  if (data.startsWith('@')) return readFileSync(data.slice(1));
  return Buffer.from(data);
}

/** `hookgate send <url> --mode <mode> --secret <s>`: signs a test request as the sender would and sends it. */
export function sendCommand(ctx: CliContext): Command {
  return withAuthFlags(new Command('send'))
    .description('sign a test request as a partner would and POST it')
    .argument('<url>', 'the inbound URL, e.g. http://127.0.0.1:8787/webhooks/in/con_…')
    .requiredOption('--mode <mode>', 'auth mode of the connection')
    .option('--secret <secret>', 'the shared secret / signing secret')
    .option('--private-key <key>', 'private key for asymmetric schemes')
    .option('--data <json|@file>', 'request body (default: a sample event)')
    .option('--idempotency-key <key>', 'send X-Idempotency-Key')
    .option('--json', 'print the response as JSON')
    .action(async (url: string, flags: SendFlags) => {
      const scheme = findScheme(flags.mode);
      if (!scheme?.sign) return fail(ctx, `Mode ${flags.mode} cannot sign test requests`);
      const config = scheme.config.safeParse(authFromFlags(flags));
      if (!config.success) return fail(ctx, `Invalid auth flags: ${config.error.issues[0]?.message ?? ''}`);
      const secret = flags.privateKey ?? flags.secret;
      if (secret === undefined) return fail(ctx, '--secret (or --private-key) is required');
      const signed = scheme.sign(bodyFrom(flags.data), config.data, secret, new Date(), url);
      const headers: Record<string, string> = { 'content-type': 'application/json', ...signed.headers };
      if (flags.idempotencyKey) headers['x-idempotency-key'] = flags.idempotencyKey;
      const response = await ctx.fetch(signed.url ?? url, {
        method: 'POST',
        headers,
        body: Buffer.from(signed.body),
      });
      const body = parseMaybeJson(await response.text());
      if (flags.json) ctx.output.out(JSON.stringify({ status: response.status, body }));
      else ctx.output.out(`${response.status} ${response.statusText}\n${JSON.stringify(body, null, 2)}`);
      if (response.status >= 400) ctx.setExitCode(1);
    });
}

function fail(ctx: CliContext, message: string): void {
  ctx.output.err(message);
  ctx.setExitCode(1);
}
