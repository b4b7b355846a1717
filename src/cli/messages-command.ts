import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { type ApiPage, queryString } from './api-client.ts';
import { type CliContext, clientFor, report } from './context.ts';
import { nextPageHint, table } from './output.ts';

interface MessageView {
  id: string;
  applicationId: string;
  type: string;
  createdAt: string;
}

interface AttemptView {
  id: string;
  endpointId: string;
  attempt: number;
  status: string;
  responseStatus: number | null;
  latencyMs: number;
  error: string | null;
  createdAt: string;
}

/** The message data: inline JSON or `@file`; anything that is not JSON is refused before sending. */
export function dataFrom(value: string): unknown {
  const text = value.startsWith('@') ? readFileSync(value.slice(1), 'utf8') : value;
  try {
    return JSON.parse(text);
  } catch {
    throw new Error('--data must be JSON (inline or @file)');
  }
}

/** `hookgate messages publish|list|attempts|replay`: outbound messages and their delivery attempts. */
export function messagesCommand(ctx: CliContext): Command {
  const cmd = new Command('messages').description('publish outbound messages and inspect their deliveries');
  cmd
    .command('publish')
    .description('publish a message to every matching endpoint of an application')
    .requiredOption('--app <applicationId>', 'the application that sends it')
    .requiredOption('--type <eventType>', 'event type, e.g. order.paid')
    .requiredOption('--data <json|@file>', 'the message data (JSON)')
    .option('--idempotency-key <key>', 'publish at most once under this key')
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
        const answer = await clientFor(ctx, command).request('POST', '/api/v1/messages', body);
        report(ctx, command, answer, (b: { message: MessageView; duplicate: boolean }) =>
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
    .action(
      async (flags: { app?: string; type?: string; limit: string; cursor?: string }, command: Command) => {
        const search = queryString({
          applicationId: flags.app,
          type: flags.type,
          limit: flags.limit,
          cursor: flags.cursor,
        });
        const answer = await clientFor(ctx, command).request('GET', `/api/v1/messages?${search}`);
        report(ctx, command, answer, (b: ApiPage<MessageView>) => {
          const rows = b.items.map((m) => ({
            id: m.id,
            type: m.type,
            application: m.applicationId,
            at: m.createdAt,
          }));
          return table(rows, ['id', 'type', 'application', 'at']) + nextPageHint(b.nextCursor);
        });
      },
    );
  cmd
    .command('attempts <messageId>')
    .description("a message's delivery attempts, newest first")
    .option('--endpoint <endpointId>', 'only this endpoint')
    .option('--status <SUCCESS|FAILED>', 'only this status')
    .option('--limit <n>', 'page size', '50')
    .action(
      async (
        messageId: string,
        flags: { endpoint?: string; status?: string; limit: string },
        command: Command,
      ) => {
        const search = queryString({ endpointId: flags.endpoint, status: flags.status, limit: flags.limit });
        const path = `/api/v1/messages/${encodeURIComponent(messageId)}/attempts?${search}`;
        const answer = await clientFor(ctx, command).request('GET', path);
        report(ctx, command, answer, (b: ApiPage<AttemptView>) => {
          const rows = b.items.map((a) => ({
            endpoint: a.endpointId,
            attempt: a.attempt,
            status: a.status,
            http: a.responseStatus ?? '-',
            ms: a.latencyMs,
            error: a.error ?? '',
            at: a.createdAt,
          }));
          return table(rows, ['endpoint', 'attempt', 'status', 'http', 'ms', 'error', 'at']);
        });
      },
    );
  cmd
    .command('replay <messageId> <endpointId>')
    .description('deliver a message to an endpoint again (a new attempt now)')
    .action(async (messageId: string, endpointId: string, _flags: unknown, command: Command) => {
      const path = `/api/v1/messages/${encodeURIComponent(messageId)}/endpoints/${encodeURIComponent(endpointId)}/replay`;
      const answer = await clientFor(ctx, command).request('POST', path, {});
      report(ctx, command, answer, () => `Replay of ${messageId} to ${endpointId} queued`);
    });
  return cmd;
}
