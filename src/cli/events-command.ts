import { Command } from 'commander';
import { type CliContext, clientFor, report } from './context.ts';
import { examples, nextPageHint, table } from './output.ts';

/** `hookgate events attempts|redeliver`: the forward of one accepted event. */
export function eventsCommand(ctx: CliContext): Command {
  const cmd = new Command('events')
    .description('accepted events: forward attempts and redelivery')
    .addHelpText(
      'after',
      examples('hookgate events attempts evt_0193c2…', 'hookgate events redeliver --help'),
    );
  cmd
    .command('attempts <eventId>')
    .description("an event's forward attempts, newest first")
    .option('--limit <n>', 'page size', '50')
    .addHelpText('after', examples('hookgate events attempts evt_0193c2…'))
    .action(async (eventId: string, flags: { limit: string }, command: Command) => {
      const result = await clientFor(ctx, command).api.GET('/api/v1/events/{eventId}/attempts', {
        params: { path: { eventId }, query: { limit: Number(flags.limit) } },
      });
      report(ctx, command, result, (b) => {
        const rows = b.items.map((a) => ({
          attempt: a.attempt,
          status: a.status,
          http: a.statusCode ?? '-',
          ms: a.durationMs,
          error: a.error ?? '',
          at: a.at,
        }));
        return (
          table(rows, ['attempt', 'status', 'http', 'ms', 'error', 'at'], 'No forward attempts yet.') +
          nextPageHint(b.nextCursor)
        );
      });
    });
  cmd
    .command('redeliver <eventId>')
    .description('forward an event again now (same webhook-id, so the backend can deduplicate)')
    .addHelpText('after', examples('hookgate events redeliver evt_0193c2…'))
    .action(async (eventId: string, _flags: unknown, command: Command) => {
      const result = await clientFor(ctx, command).api.POST('/api/v1/events/{eventId}/redeliver', {
        params: { path: { eventId } },
      });
      report(ctx, command, result, () => `Redelivery of ${eventId} queued`);
    });
  return cmd;
}
