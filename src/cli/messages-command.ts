import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import type { AttemptStatus } from '../api/index.ts';
import { type CliContext, clientFor, report } from './context.ts';
import { examples, nextPageHint, table } from './output.ts';
import { given, type PageFlags, pageQuery } from './paging.ts';

/** The message data: inline JSON or `@file`; anything that is not JSON is refused before sending. */
export function dataFrom(value: string): unknown {
  const text = value.startsWith('@') ? readFileSync(value.slice(1), 'utf8') : value;
  try {
    return JSON.parse(text);
  } catch {
    throw new Error('--data must be JSON (inline or @file)');
  }
}

const ATTEMPT_STATUSES: readonly AttemptStatus[] = ['SUCCESS', 'FAILED'];

/** `hookgate messages publish|list|attempts|replay`: outbound messages and their delivery attempts. */
export function messagesCommand(ctx: CliContext): Command {
  const cmd = new Command('messages')
    .description('publish outbound messages and inspect their deliveries')
    .addHelpText('after', examples('hookgate messages list --app app_…', 'hookgate messages attempts msg_…'));
  cmd
    .command('publish')
    .description('publish a message to every matching endpoint of an application')
    .requiredOption('--app <applicationId>', 'the application that sends it')
    .requiredOption('--type <eventType>', 'event type, e.g. order.paid')
    .requiredOption('--data <json|@file>', 'the message data (JSON)')
    .option('--idempotency-key <key>', 'publish at most once under this key')
    .addHelpText(
      'after',
      examples(`hookgate messages publish --app app_… --type order.paid --data '{"orderId":1042}'`),
    )
    .action(
      async (
        flags: { app: string; type: string; data: string; idempotencyKey?: string },
        command: Command,
      ) => {
        const body = {
          applicationId: flags.app,
          type: flags.type,
          data: dataFrom(flags.data),
          ...(flags.idempotencyKey && { idempotencyKey: flags.idempotencyKey }),
        };
        const result = await clientFor(ctx, command).api.POST('/api/v1/messages', { body });
        report(ctx, command, result, (b) =>
          b.duplicate
            ? `Duplicate: ${b.message.id} was already published under this key`
            : `Published ${b.message.id} (${b.message.type})`,
        );
      },
    );
  cmd
    .command('list')
    .description('list messages, newest first')
    .option('--app <applicationId>', 'only this application')
    .option('--type <eventType>', 'only this event type')
    .option('--limit <n>', 'page size', '50')
    .option('--cursor <cursor>', 'next page cursor')
    .addHelpText('after', examples('hookgate messages list --app app_… --type order.paid'))
    .action(async (flags: PageFlags & { app?: string; type?: string }, command: Command) => {
      const query = { ...pageQuery(flags), ...given({ applicationId: flags.app, type: flags.type }) };
      const result = await clientFor(ctx, command).api.GET('/api/v1/messages', { params: { query } });
      report(ctx, command, result, (b) => {
        const rows = b.items.map((m) => ({
          id: m.id,
          type: m.type,
          application: m.applicationId,
          at: m.createdAt,
        }));
        return table(rows, ['id', 'type', 'application', 'at'], 'No messages.') + nextPageHint(b.nextCursor);
      });
    });
  cmd
    .command('attempts <messageId>')
    .description("a message's delivery attempts, newest first")
    .option('--endpoint <endpointId>', 'only this endpoint')
    .addOption(new Option('--status <status>', 'only this status').choices(ATTEMPT_STATUSES))
    .option('--limit <n>', 'page size', '50')
    .addHelpText('after', examples('hookgate messages attempts msg_… --status FAILED'))
    .action(
      async (
        messageId: string,
        flags: { endpoint?: string; status?: AttemptStatus; limit: string },
        command: Command,
      ) => {
        const query = {
          ...pageQuery(flags),
          ...given({ endpointId: flags.endpoint }),
          ...(flags.status && { status: flags.status }),
        };
        const result = await clientFor(ctx, command).api.GET('/api/v1/messages/{id}/attempts', {
          params: { path: { id: messageId }, query },
        });
        report(ctx, command, result, (b) => {
          const rows = b.items.map((a) => ({
            endpoint: a.endpointId,
            attempt: a.attempt,
            status: a.status,
            http: a.responseStatus ?? '-',
            ms: a.latencyMs,
            error: a.error ?? '',
            at: a.createdAt,
          }));
          return table(rows, ['endpoint', 'attempt', 'status', 'http', 'ms', 'error', 'at'], 'No attempts.');
        });
      },
    );
  cmd
    .command('replay <messageId> <endpointId>')
    .description('deliver a message to an endpoint again (a new attempt now)')
    .addHelpText('after', examples('hookgate messages replay msg_… ep_…'))
    .action(async (messageId: string, endpointId: string, _flags: unknown, command: Command) => {
      const result = await clientFor(ctx, command).api.POST(
        '/api/v1/messages/{id}/endpoints/{endpointId}/replay',
        {
          params: { path: { id: messageId, endpointId } },
        },
      );
      report(ctx, command, result, () => `Replay of ${messageId} to ${endpointId} queued`);
    });
  return cmd;
}
