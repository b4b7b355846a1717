import { Command } from 'commander';
import type { ApiPage } from './api-client.ts';
import { type CliContext, clientFor, report } from './context.ts';
import { nextPageHint, table } from './output.ts';

interface ForwardAttemptView {
  attempt: number;
  status: string;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  at: string;
}

/** `hookgate events attempts|redeliver`: the forward of one accepted event. */
export function eventsCommand(ctx: CliContext): Command {
  const cmd = new Command('events').description('accepted events: forward attempts and redelivery');
  cmd
    .command('attempts <eventId>')
    .description("an event's forward attempts, newest first")
    .option('--limit <n>', 'page size', '50')
    .action(async (eventId: string, flags: { limit: string }, command: Command) => {
      const path = `/api/v1/events/${encodeURIComponent(eventId)}/attempts?limit=${encodeURIComponent(flags.limit)}`;
      const answer = await clientFor(ctx, command).request('GET', path);
      report(ctx, command, answer, (b: ApiPage<ForwardAttemptView>) => {
        const rows = b.items.map((a) => ({
          attempt: a.attempt,
          status: a.status,
          http: a.statusCode ?? '-',
          ms: a.durationMs,
          error: a.error ?? '',
          at: a.at,
        }));
        return table(rows, ['attempt', 'status', 'http', 'ms', 'error', 'at']) + nextPageHint(b.nextCursor);
      });
    });
  cmd
    .command('redeliver <eventId>')
    .description('forward an event again now (same webhook-id, so the backend can deduplicate)')
    .action(async (eventId: string, _flags: unknown, command: Command) => {
      const path = `/api/v1/events/${encodeURIComponent(eventId)}/redeliver`;
      const answer = await clientFor(ctx, command).request('POST', path);
      report(ctx, command, answer, () => `Redelivery of ${eventId} queued`);
    });
  return cmd;
}
