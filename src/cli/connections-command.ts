import { Command } from 'commander';
import { type ApiPage, queryString } from './api-client.ts';
import { type CliContext, clientFor, fail, report } from './context.ts';
import { details, nextPageHint, secretNote, table } from './output.ts';
import { timeArg } from './time-arg.ts';

interface ConnectionView {
  id: string;
  name: string;
  auth: { mode: string };
  secretPreview: string | null;
  inboundUrl: string;
  enabled: boolean;
  forward: { url: string } | null;
}

interface WithSecret {
  connection: ConnectionView;
  secret?: string;
  forwardSecret?: string;
}

/** The forwarding line of a create / update answer, with the forwarding secret when it is new. */
function forwardNote(connection: ConnectionView, forwardSecret: string | undefined): string {
  if (!connection.forward) return '';
  const secret = forwardSecret
    ? `\nForward secret (shown once; verify with the standardwebhooks library): ${forwardSecret}`
    : '';
  return `\nForwarding to: ${connection.forward.url}${secret}`;
}

/** The auth flags shared by `create` and `send`, turned into an `auth` object. */
export function authFromFlags(flags: Record<string, unknown>): Record<string, unknown> {
  const auth: Record<string, unknown> = { mode: flags.mode };
  const map: Record<string, string> = {
    authHeader: 'header',
    encoding: 'encoding',
    prefix: 'prefix',
    algorithm: 'algorithm',
    field: 'field',
    format: 'format',
    publicUrl: 'publicUrl',
    tolerance: 'tolerance',
    preset: 'preset',
    content: 'content',
    timestampHeader: 'timestampHeader',
    timestampField: 'timestampField',
    timestampUnit: 'timestampUnit',
    signatureField: 'signatureField',
  };
  for (const [flag, field] of Object.entries(map)) if (flags[flag] !== undefined) auth[field] = flags[flag];
  if (typeof auth.tolerance === 'string') auth.tolerance = Number(auth.tolerance);
  return auth;
}

/** Adds the auth flags to a command. */
export function withAuthFlags(command: Command): Command {
  return command
    .option('--auth-header <name>', 'header carrying the secret or signature')
    .option('--encoding <hex|base64>', 'signature encoding (hmac)')
    .option('--prefix <prefix>', 'signature prefix, e.g. sha256= (hmac)')
    .option('--algorithm <sha256|sha1|sha512>', 'HMAC algorithm (hmac)')
    .option('--field <name>', 'body field carrying the hash (body_hash)')
    .option('--format <format>', 'secret format, e.g. xoxo (api_key)')
    .option('--public-url <url>', 'public URL the sender calls (URL-signed schemes)')
    .option('--tolerance <seconds>', 'timestamp tolerance override')
    .option('--preset <id>', 'generic hmac: provider preset (github, zendesk, flintn, …)')
    .option('--content <template>', 'generic hmac: signed content, e.g. {timestamp}.{body}')
    .option('--timestamp-header <name>', 'generic hmac: header carrying the timestamp')
    .option('--timestamp-field <path>', 'generic hmac: JSON body path of the timestamp')
    .option('--timestamp-unit <s|ms|iso>', 'generic hmac: timestamp unit')
    .option('--signature-field <path>', 'generic hmac: JSON body path of the signature');
}

/** `hookgate connections create|list|show|rotate|delete`. */
export function connectionsCommand(ctx: CliContext): Command {
  const cmd = new Command('connections').description('manage inbound connections');

  withAuthFlags(cmd.command('create').description('create a connection'))
    .requiredOption('--name <name>', 'connection name')
    .option('--mode <mode>', 'auth mode: shared_secret, api_key, hmac, body_hash, stripe, … (or --template)')
    .option(
      '--template <id>',
      'start from a sender template: xoxo, welink, flintn, make, zapier, n8n, pipedream',
    )
    .option('--secret <secret>', 'use this secret instead of a generated one')
    .option('--max-body-bytes <n>', 'body size limit for this connection')
    .option('--forward-to <url>', 'forward every accepted event to this URL (signed, retried)')
    .action(async (flags: Record<string, unknown>, command: Command) => {
      if (flags.mode === undefined && flags.template === undefined) {
        return fail(ctx, 'Give --mode <mode> or --template <id> (hookgate templates lists them)');
      }
      const auth = authFromFlags(flags);
      if (flags.secret !== undefined) auth.secret = flags.secret;
      const body = {
        name: flags.name,
        ...(flags.template !== undefined && { template: flags.template }),
        auth,
        ...(flags.maxBodyBytes !== undefined && { maxBodyBytes: Number(flags.maxBodyBytes) }),
        ...(typeof flags.forwardTo === 'string' && { forward: { url: flags.forwardTo } }),
      };
      const answer = await clientFor(ctx, command).request('POST', '/api/v1/connections', body);
      report(
        ctx,
        command,
        answer,
        (b: WithSecret) =>
          `Created ${b.connection.id} (${b.connection.auth.mode})\nInbound URL: ${b.connection.inboundUrl}${secretNote(b.secret)}` +
          forwardNote(b.connection, b.forwardSecret),
      );
    });

  cmd
    .command('update <id>')
    .description('change a connection: name, enabled, forwarding')
    .option('--name <name>', 'new name')
    .option('--forward-to <url>', 'forward every accepted event to this URL')
    .option('--no-forward', 'stop forwarding')
    .option('--enable', 'accept requests again')
    .option('--disable', 'refuse requests (CONNECTION_DISABLED)')
    .action(async (id: string, flags: Record<string, unknown>, command: Command) => {
      const body = {
        ...(typeof flags.name === 'string' && { name: flags.name }),
        ...(typeof flags.forwardTo === 'string' && { forward: { url: flags.forwardTo } }),
        ...(flags.forward === false && { forward: null }),
        ...(flags.enable === true && { enabled: true }),
        ...(flags.disable === true && { enabled: false }),
      };
      const path = `/api/v1/connections/${encodeURIComponent(id)}`;
      const answer = await clientFor(ctx, command).request('PATCH', path, body);
      report(
        ctx,
        command,
        answer,
        (b: ConnectionView & { forwardSecret?: string }) =>
          `Updated ${b.id}${b.forward ? forwardNote(b, b.forwardSecret) : '\nNot forwarding'}`,
      );
    });

  cmd
    .command('redeliver <id>')
    .description("forward a connection's failed events again (or all with --status all)")
    .option('--since <time>', 'events received since: ISO time or 30m, 2h, 7d')
    .option('--until <time>', 'events received before: ISO time or 30m, 2h, 7d')
    .option('--status <failed|all>', 'failed (also dead) or all', 'failed')
    .action(
      async (id: string, flags: { since?: string; until?: string; status: string }, command: Command) => {
        const now = Date.now();
        const body: Record<string, string> = { status: flags.status };
        for (const name of ['since', 'until'] as const) {
          const given = flags[name];
          if (given === undefined) continue;
          const at = timeArg(given, now);
          if (at === null) {
            ctx.output.err(`--${name}: expected an ISO time or a duration like 30m, 2h, 7d`);
            ctx.setExitCode(1);
            return;
          }
          body[name] = at;
        }
        const path = `/api/v1/connections/${encodeURIComponent(id)}/redeliver`;
        const answer = await clientFor(ctx, command).request('POST', path, body);
        report(ctx, command, answer, (b: { queued: number }) => `Queued ${b.queued} event(s) for redelivery`);
      },
    );

  cmd
    .command('list')
    .description('list connections')
    .option('--limit <n>', 'page size', '50')
    .option('--cursor <cursor>', 'next page cursor')
    .option('--rotation-due', 'only connections whose secret rotation is due')
    .action(async (flags: { limit: string; cursor?: string; rotationDue?: boolean }, command: Command) => {
      const query = queryString({
        limit: flags.limit,
        cursor: flags.cursor,
        rotationDue: flags.rotationDue ? 'true' : undefined,
      });
      const answer = await clientFor(ctx, command).request('GET', `/api/v1/connections?${query}`);
      report(ctx, command, answer, (b: ApiPage<ConnectionView>) => {
        const rows = b.items.map((c) => ({
          id: c.id,
          name: c.name,
          mode: c.auth.mode,
          enabled: c.enabled,
          secret: c.secretPreview,
        }));
        return table(rows, ['id', 'name', 'mode', 'enabled', 'secret']) + nextPageHint(b.nextCursor);
      });
    });

  cmd
    .command('show <id>')
    .description('show one connection')
    .action(async (id: string, _flags: unknown, command: Command) => {
      const answer = await clientFor(ctx, command).request(
        'GET',
        `/api/v1/connections/${encodeURIComponent(id)}`,
      );
      report(ctx, command, answer, (b: Record<string, unknown>) => details(b));
    });

  cmd
    .command('rotate <id>')
    .description('rotate the secret (the old one stops working now unless --grace is given)')
    .option('--secret <secret>', 'use this secret instead of a generated one')
    .option('--grace <seconds>', 'keep the old secret valid this long')
    .action(async (id: string, flags: { secret?: string; grace?: string }, command: Command) => {
      const body = {
        ...(flags.secret && { secret: flags.secret }),
        ...(flags.grace && { graceSeconds: Number(flags.grace) }),
      };
      const answer = await clientFor(ctx, command).request(
        'POST',
        `/api/v1/connections/${encodeURIComponent(id)}/rotate`,
        body,
      );
      report(
        ctx,
        command,
        answer,
        (b: WithSecret) =>
          `Rotated ${b.connection.id}; preview ${b.connection.secretPreview}${secretNote(b.secret)}`,
      );
    });

  cmd
    .command('delete <id>')
    .description('delete a connection with its history and events')
    .action(async (id: string, _flags: unknown, command: Command) => {
      const answer = await clientFor(ctx, command).request(
        'DELETE',
        `/api/v1/connections/${encodeURIComponent(id)}`,
      );
      report(ctx, command, answer, () => `Deleted ${id}`);
    });
  return cmd;
}
