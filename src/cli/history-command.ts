import { Command } from 'commander';
import { type ApiPage, queryString } from './api-client.ts';
import { type CliContext, clientFor, report, wantsJson } from './context.ts';
import { nextPageHint, table } from './output.ts';

interface HistoryView {
  id: string;
  connectionId: string;
  receivedAt: string;
  outcome: string;
  message: string | null;
  eventId: string | null;
  forward?: { status: string; attempts: number } | null;
}

const COLUMNS = ['receivedAt', 'connectionId', 'outcome', 'message', 'eventId', 'forward'] as const;

/** A row's forward as one cell: `delivered (1)`, `pending (3)`, or nothing when it is not forwarded. */
function forwardCell(row: HistoryView): string | null {
  return row.forward ? `${row.forward.status} (${row.forward.attempts})` : null;
}

/** One line for a history row in human output. */
function line(row: HistoryView): string {
  return [row.receivedAt, row.connectionId, row.outcome.padEnd(17), row.message ?? '', row.eventId ?? '']
    .join('  ')
    .trimEnd();
}

/** `hookgate history [--connection] [--outcome] [--limit] [--follow]`. */
export function historyCommand(ctx: CliContext): Command {
  return new Command('history')
    .description('show the request history, newest first (--follow: live tail)')
    .option('--connection <id>', 'only this connection')
    .option('--outcome <outcome>', 'only this outcome, e.g. UNAUTHORIZED')
    .option('--limit <n>', 'rows', '20')
    .option('--cursor <cursor>', 'next page cursor')
    .option('--follow', 'keep printing new rows as they arrive')
    .action(
      async (
        flags: { connection?: string; outcome?: string; limit: string; cursor?: string; follow?: boolean },
        command: Command,
      ) => {
        const client = clientFor(ctx, command);
        if (flags.follow) return follow(ctx, command, flags.connection);
        const query = queryString({
          limit: flags.limit,
          connectionId: flags.connection,
          outcome: flags.outcome,
          cursor: flags.cursor,
        });
        const answer = await client.request('GET', `/api/v1/history?${query}`);
        report(
          ctx,
          command,
          answer,
          (b: ApiPage<HistoryView>) =>
            table(
              b.items.map((row) => ({ ...row, forward: forwardCell(row) })),
              COLUMNS,
            ) + nextPageHint(b.nextCursor),
        );
      },
    );
}

/** Reads the SSE live tail until interrupted, printing each row. */
async function follow(ctx: CliContext, command: Command, connectionId: string | undefined): Promise<void> {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const query = connectionId ? `?connectionId=${encodeURIComponent(connectionId)}` : '';
  const response = await clientFor(ctx, command).stream(`/api/v1/history/stream${query}`, controller.signal);
  if (!response.ok || !response.body) {
    ctx.output.err(`HTTP ${response.status}: ${await response.text()}`);
    ctx.setExitCode(1);
    return;
  }
  ctx.output.err('following history (Ctrl-C to stop)…');
  try {
    for await (const data of sseData(response.body)) {
      const row = JSON.parse(data) as HistoryView;
      ctx.output.out(wantsJson(command) ? JSON.stringify(row) : line(row));
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  }
}

/** The `data:` payloads of a Server-Sent Events stream. */
export async function* sseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const message = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = message
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trimStart())
        .join('\n');
      if (data) yield data;
      end = buffer.indexOf('\n\n');
    }
  }
}
