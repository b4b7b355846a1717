import { setTimeout as sleep } from 'node:timers/promises';
import { Command, Option } from 'commander';
import type { HistoryRow } from '../api/index.ts';
import { HISTORY_OUTCOMES, type HistoryOutcome } from '../errors/index.ts';
import { type ApiClient, sseEvents } from './api-client.ts';
import { type CliContext, clientFor, fail, report, wantsJson } from './context.ts';
import { parseSince } from './listen/listen-command.ts';
import { examples, nextPageHint, table } from './output.ts';
import { given, pageQuery } from './paging.ts';

const COLUMNS = ['receivedAt', 'connectionId', 'outcome', 'message', 'eventId', 'forward'] as const;

/**
 * A row's warnings by code (`INSECURE_TRANSPORT`), the part before the message's `: `; null when none. The
 * full texts are in `--json`.
 */
export function warningCodes(row: HistoryRow): string | null {
  const codes = (row.warnings ?? []).map((warning) => warning.split(':', 1)[0]);
  return codes.length === 0 ? null : codes.join(',');
}

/** The table: the Warnings column appears once any listed row has one, like the dashboard's badge. */
function historyTable(rows: readonly HistoryRow[]): string {
  const warned = rows.some((row) => warningCodes(row) !== null);
  return table(
    rows.map((row) => ({ ...row, forward: forwardCell(row), warnings: warningCodes(row) })),
    warned ? [...COLUMNS, 'warnings'] : COLUMNS,
    'No history rows.',
  );
}

/** A row's forward as one cell: `delivered (1)`, `pending (3)`, or nothing when it is not forwarded. */
function forwardCell(row: HistoryRow): string | null {
  return row.forward ? `${row.forward.status} (${row.forward.attempts})` : null;
}

/** The first wait before reconnecting a lost live tail; doubled after each failed try, up to MAX. */
export const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;

/** One line for a history row in human output; warnings last, in brackets. */
export function line(row: HistoryRow): string {
  const warnings = warningCodes(row);
  return [
    row.receivedAt,
    row.connectionId,
    row.outcome.padEnd(17),
    row.message ?? '',
    row.eventId ?? '',
    warnings === null ? '' : `[${warnings}]`,
  ]
    .join('  ')
    .trimEnd();
}

interface HistoryFlags {
  connection?: string;
  outcome?: HistoryOutcome;
  since?: string;
  until?: string;
  search?: string;
  limit: string;
  cursor?: string;
  follow?: boolean;
}

/** A `--since` / `--until` value (ISO time or a duration back from `now`: 30m, 2h, 7d) as an ISO time. */
export function toIsoTime(value: string, now: number): string {
  return new Date(parseSince(value, now)).toISOString();
}

/** `hookgate history [--connection] [--outcome] [--since] [--until] [--search] [--limit] [--follow]`. */
export function historyCommand(ctx: CliContext): Command {
  return new Command('history')
    .description('show the request history, newest first (--follow: live tail)')
    .option('--connection <id>', 'only this connection')
    .addOption(new Option('--outcome <outcome>', 'only this outcome').choices(HISTORY_OUTCOMES))
    .option('--since <time>', 'received at or after: ISO time or 30m / 2h / 7d ago')
    .option('--until <time>', 'received before: ISO time or 30m / 2h / 7d ago')
    .option(
      '--search <text>',
      'rows where each word starts a word of the ids, message, header values or body start',
    )
    .option('--limit <n>', 'rows', '20')
    .option('--cursor <cursor>', 'next page cursor')
    .option('--follow', 'keep printing new rows as they arrive; reconnects when the gateway restarts')
    .addHelpText(
      'after',
      examples(
        'hookgate history --outcome UNAUTHORIZED --limit 50',
        'hookgate history --follow --connection con_…',
      ),
    )
    .action(async (flags: HistoryFlags, command: Command) => {
      const client = clientFor(ctx, command);
      if (flags.follow) return follow(ctx, client, wantsJson(command), flags.connection);
      let since: string | undefined;
      let until: string | undefined;
      try {
        if (flags.since !== undefined) since = toIsoTime(flags.since, Date.now());
        if (flags.until !== undefined) until = toIsoTime(flags.until, Date.now());
      } catch (error) {
        return fail(ctx, (error as Error).message);
      }
      const window = { ...(since !== undefined && { since }), ...(until !== undefined && { until }) };
      const query = {
        ...pageQuery(flags),
        ...window,
        ...given({ connectionId: flags.connection, q: flags.search }),
      };
      const result = await client.api.GET('/api/v1/history', {
        params: { query: flags.outcome ? { ...query, outcome: flags.outcome } : query },
      });
      report(ctx, command, result, (b) => historyTable(b.items) + nextPageHint(b.nextCursor));
    });
}

/** A signal that aborts on Ctrl-C (SIGINT), for a run without an injected one. */
function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  return controller.signal;
}

/**
 * The live tail: prints each row as the gateway commits it, until interrupted. When the stream drops (a
 * gateway restart, a network fault) it reconnects with backoff, sending the last row id it printed as
 * `Last-Event-ID`, so the gateway first replays the rows committed meanwhile. Only the first connection
 * must succeed; after that, the tail keeps trying.
 */
async function follow(
  ctx: CliContext,
  client: ApiClient,
  json: boolean,
  connectionId: string | undefined,
): Promise<void> {
  const signal = ctx.signal ?? interruptSignal();
  const path = `/api/v1/history/stream${connectionId ? `?connectionId=${encodeURIComponent(connectionId)}` : ''}`;
  let lastEventId: string | undefined;
  let connectedOnce = false;
  let retryMs = FIRST_RETRY_MS;
  while (!signal.aborted) {
    let lost: string;
    try {
      const response = await client.stream(path, { lastEventId, signal });
      if (!response.ok || !response.body) {
        const text = `HTTP ${response.status}: ${await response.text()}`;
        // 503: the gateway is starting, stopping or without its store; anything else will not get better.
        if (!connectedOnce || response.status !== 503) return fail(ctx, text);
        lost = text;
      } else {
        ctx.output.err(connectedOnce ? 'reconnected' : 'following history (Ctrl-C to stop)…');
        connectedOnce = true;
        retryMs = FIRST_RETRY_MS;
        for await (const event of sseEvents(response.body)) {
          if (event.event === 'gap') ctx.output.err((JSON.parse(event.data) as { message: string }).message);
          if (event.event !== 'history') continue;
          const row = JSON.parse(event.data) as HistoryRow;
          lastEventId = event.id ?? row.id;
          ctx.output.out(json ? JSON.stringify(row) : line(row));
        }
        lost = 'the gateway ended the stream';
      }
    } catch (error) {
      if (signal.aborted) return;
      if (!connectedOnce) return fail(ctx, error instanceof Error ? error.message : String(error));
      lost = error instanceof Error ? error.message : String(error);
    }
    if (signal.aborted) return;
    ctx.output.err(`connection lost (${lost}); reconnecting in ${retryMs / 1000}s…`);
    await sleep(retryMs, undefined, { signal }).catch(() => undefined);
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
  }
}
