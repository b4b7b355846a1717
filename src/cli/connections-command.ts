import { Command } from 'commander';
import type { Connection, ConnectionWithSecret, CreateConnectionInput } from '../api/index.ts';
import { type CliContext, clientFor, fail, report } from './context.ts';
import { details, examples, nextPageHint, secretNote, table } from './output.ts';
import { type PageFlags, pageQuery } from './paging.ts';
import { timeArg } from './time-arg.ts';

/** The forwarding line of a create / update answer, with the forwarding secret when it is new. */
function forwardNote(connection: Connection, forwardSecret: string | undefined): string {
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
  const cmd = new Command('connections')
    .description('manage inbound connections')
    .addHelpText('after', examples('hookgate connections list', 'hookgate connections create --help'));
  const created = (b: ConnectionWithSecret) =>
    `Created ${b.connection.id} (${b.connection.auth.mode})\nInbound URL: ${b.connection.inboundUrl}${secretNote(b.secret)}` +
    forwardNote(b.connection, b.forwardSecret);

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
    .addHelpText(
      'after',
      examples(
        "hookgate connections create --name 'Shop orders' --mode shared_secret",
        'hookgate connections create --name GitHub --mode hmac --preset github --secret @secret.txt',
        'hookgate connections create --name Orders --template xoxo --secret <the key Xoxo issued>',
        'hookgate connections create --name Stripe --mode stripe --secret whsec_… --forward-to https://api.example.com/hooks',
      ),
    )
    .action(async (flags: Record<string, unknown>, command: Command) => {
      if (flags.mode === undefined && flags.template === undefined) {
        return fail(ctx, 'Give --mode <mode> or --template <id> (hookgate templates lists them)');
      }
      const auth = authFromFlags(flags);
      if (flags.secret !== undefined) auth.secret = flags.secret;
      // The mode's own fields come from flags; the gateway validates them against the mode.
      const body = {
        name: String(flags.name),
        ...(flags.template !== undefined && {
          template: String(flags.template) as NonNullable<CreateConnectionInput['template']>,
        }),
        auth: auth as NonNullable<CreateConnectionInput['auth']>,
        ...(flags.maxBodyBytes !== undefined && { maxBodyBytes: Number(flags.maxBodyBytes) }),
        ...(typeof flags.forwardTo === 'string' && { forward: { url: flags.forwardTo } }),
      };
      const result = await clientFor(ctx, command).api.POST('/api/v1/connections', { body });
      report(ctx, command, result, created);
    });

  cmd
    .command('update <id>')
    .description('change a connection: name, enabled, forwarding')
    .option('--name <name>', 'new name')
    .option('--forward-to <url>', 'forward every accepted event to this URL')
    .option('--no-forward', 'stop forwarding')
    .option('--enable', 'accept requests again')
    .option('--disable', 'refuse requests (CONNECTION_DISABLED)')
    .addHelpText(
      'after',
      examples(
        'hookgate connections update con_0193c2… --forward-to https://api.example.com/hooks',
        'hookgate connections update con_0193c2… --no-forward',
      ),
    )
    .action(async (id: string, flags: Record<string, unknown>, command: Command) => {
      const body = {
        ...(typeof flags.name === 'string' && { name: flags.name }),
        ...(typeof flags.forwardTo === 'string' && { forward: { url: flags.forwardTo } }),
        ...(flags.forward === false && { forward: null }),
        ...(flags.enable === true && { enabled: true }),
        ...(flags.disable === true && { enabled: false }),
      };
      const result = await clientFor(ctx, command).api.PATCH('/api/v1/connections/{id}', {
        params: { path: { id } },
        body,
      });
      report(
        ctx,
        command,
        result,
        (b) => `Updated ${b.id}${b.forward ? forwardNote(b, b.forwardSecret) : '\nNot forwarding'}`,
      );
    });

  cmd
    .command('redeliver <id>')
    .description("forward a connection's failed events again (or all with --status all)")
    .option('--since <time>', 'events received since: ISO time or 30m, 2h, 7d')
    .option('--until <time>', 'events received before: ISO time or 30m, 2h, 7d')
    .option('--status <failed|all>', 'failed (also dead) or all', 'failed')
    .addHelpText('after', examples('hookgate connections redeliver con_0193c2… --since 1h'))
    .action(
      async (id: string, flags: { since?: string; until?: string; status: string }, command: Command) => {
        const now = Date.now();
        const window: { since?: string; until?: string } = {};
        for (const name of ['since', 'until'] as const) {
          const given = flags[name];
          if (given === undefined) continue;
          const at = timeArg(given, now);
          if (at === null) return fail(ctx, `--${name}: expected an ISO time or a duration like 30m, 2h, 7d`);
          window[name] = at;
        }
        if (flags.status !== 'failed' && flags.status !== 'all') {
          return fail(ctx, '--status: expected failed or all');
        }
        const result = await clientFor(ctx, command).api.POST('/api/v1/connections/{id}/redeliver', {
          params: { path: { id } },
          body: { ...window, status: flags.status },
        });
        report(ctx, command, result, (b) => `Queued ${b.queued} event(s) for redelivery`);
      },
    );

  cmd
    .command('list')
    .description('list connections')
    .option('--limit <n>', 'page size', '50')
    .option('--cursor <cursor>', 'next page cursor')
    .option('--rotation-due', 'only connections whose secret rotation is due')
    .addHelpText(
      'after',
      examples('hookgate connections list --limit 20', 'hookgate connections list --rotation-due'),
    )
    .action(async (flags: PageFlags & { rotationDue?: boolean }, command: Command) => {
      const query = { ...pageQuery(flags), ...(flags.rotationDue && { rotationDue: 'true' as const }) };
      const result = await clientFor(ctx, command).api.GET('/api/v1/connections', { params: { query } });
      report(ctx, command, result, (b) => {
        const rows = b.items.map((c) => ({
          id: c.id,
          name: c.name,
          mode: c.auth.mode,
          enabled: c.enabled,
          secret: c.secretPreview,
        }));
        return (
          table(rows, ['id', 'name', 'mode', 'enabled', 'secret'], 'No connections.') +
          nextPageHint(b.nextCursor)
        );
      });
    });

  cmd
    .command('show <id>')
    .description('show one connection')
    .addHelpText('after', examples('hookgate connections show con_0193c2…'))
    .action(async (id: string, _flags: unknown, command: Command) => {
      const path = { id };
      const result = await clientFor(ctx, command).api.GET('/api/v1/connections/{id}', { params: { path } });
      report(ctx, command, result, details);
    });

  cmd
    .command('rotate <id>')
    .description('rotate the secret (the old one stops working now unless --grace is given)')
    .option('--secret <secret>', 'use this secret instead of a generated one')
    .option('--grace <seconds>', 'keep the old secret valid this long')
    .addHelpText('after', examples('hookgate connections rotate con_0193c2… --grace 3600'))
    .action(async (id: string, flags: { secret?: string; grace?: string }, command: Command) => {
      const body = {
        ...(flags.secret && { secret: flags.secret }),
        ...(flags.grace && { graceSeconds: Number(flags.grace) }),
      };
      const result = await clientFor(ctx, command).api.POST('/api/v1/connections/{id}/rotate', {
        params: { path: { id } },
        body,
      });
      report(
        ctx,
        command,
        result,
        (b) => `Rotated ${b.connection.id}; preview ${b.connection.secretPreview}${secretNote(b.secret)}`,
      );
    });

  cmd
    .command('delete <id>')
    .description('delete a connection with its history and events')
    .addHelpText('after', examples('hookgate connections delete con_0193c2…'))
    .action(async (id: string, _flags: unknown, command: Command) => {
      const path = { id };
      const result = await clientFor(ctx, command).api.DELETE('/api/v1/connections/{id}', {
        params: { path },
      });
      report(ctx, command, result, () => `Deleted ${id}`);
    });
  return cmd;
}
