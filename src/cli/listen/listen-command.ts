import { Command } from 'commander';
import { systemClock } from '../../core/index.ts';
import { type CliContext, clientFor, wantsJson } from '../context.ts';
import { examples } from '../output.ts';
import { ListenError, type ListenReport, runListen } from './listen-loop.ts';
import { checkpointFor, localSecret, stateFolder } from './listen-state.ts';

/** `30m`, `2h`, `45s`, `7d`. */
const RELATIVE_TIME = /^(\d+)\s*(s|m|h|d)$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `--since`: an ISO time or a duration back from `now`; throws for anything else. */
export function parseSince(text: string, now: number): number {
  const relative = RELATIVE_TIME.exec(text.trim());
  if (relative) return now - Number(relative[1]) * UNIT_MS[relative[2] as keyof typeof UNIT_MS];
  const at = Date.parse(text);
  if (Number.isNaN(at))
    throw new ListenError(`--since ${text}: use an ISO time or a duration such as 30m or 2h`);
  return at;
}

/** A human line for a report, or null for reports only --json shows. */
function humanLine(report: ListenReport): { stream: 'out' | 'err'; text: string } | null {
  switch (report.type) {
    case 'ready':
      return {
        stream: 'err',
        text: report.resumedAfter
          ? `Ready. Resuming after ${report.resumedAfter} (Ctrl-C to stop)`
          : 'Ready. Forwarding new events (Ctrl-C to stop)',
      };
    case 'reconnecting':
      return { stream: 'err', text: `reconnecting… (${report.reason}; next try in ${report.inMs} ms)` };
    case 'cursor_expired':
      return {
        stream: 'err',
        text: `The last forwarded event ${report.eventId} is no longer stored (purged); continuing without it`,
      };
    case 'retrying':
      return {
        stream: 'err',
        text: `retrying ${report.eventId} in ${report.inMs} ms (attempt ${report.attempt + 1})`,
      };
    case 'forwarded':
    case 'failed': {
      const status = report.status === null ? (report.error ?? 'error') : String(report.status);
      const text = [
        new Date(report.at).toISOString(),
        report.connectionName,
        report.eventId,
        status,
        `${report.ms} ms`,
      ];
      return { stream: 'out', text: text.join('  ') };
    }
  }
}

/**
 * `hookgate listen --forward-to <url> [--connection <id>]… [--since 30m] [--secret whsec_…]`: forwards the
 * gateway's accepted events to a local app, signed like hookgate's forwarding with a local secret.
 */
export function listenCommand(ctx: CliContext): Command {
  return new Command('listen')
    .description('forward accepted events to a local URL, in order, resuming where it stopped')
    .addHelpText(
      'after',
      examples(
        'hookgate listen --forward-to http://127.0.0.1:3000/hooks',
        'hookgate listen --forward-to http://127.0.0.1:3000/hooks --connection con_… --since 2h',
      ),
    )
    .requiredOption('--forward-to <url>', 'local URL to POST each event to, e.g. http://127.0.0.1:3000/hooks')
    .option(
      '--connection <id>',
      'only this connection (repeat for several)',
      (id, ids: string[]) => [...ids, id],
      [],
    )
    .option('--since <time>', 'also forward events received since then (ISO time, or 30m, 2h, 1d)')
    .option('--secret <whsec>', 'the Standard Webhooks secret to sign with (kept for later runs)')
    .action(
      async (
        flags: { forwardTo: string; connection: string[]; since?: string; secret?: string },
        command: Command,
      ) => {
        const json = wantsJson(command);
        const print = (report: ListenReport): void => {
          const line = json ? { stream: 'out' as const, text: JSON.stringify(report) } : humanLine(report);
          if (line) ctx.output[line.stream](line.text);
        };
        const controller = new AbortController();
        const stop = (): void => controller.abort();
        process.once('SIGINT', stop);
        try {
          if (!URL.canParse(flags.forwardTo))
            throw new ListenError(`--forward-to ${flags.forwardTo} is not a URL`);
          const since = flags.since === undefined ? undefined : parseSince(flags.since, systemClock.now());
          const client = clientFor(ctx, command);
          const folder = stateFolder(ctx.env);
          const { secret, created } = localSecret(folder, flags.secret);
          const checkpoint = checkpointFor(folder, client.baseUrl, flags.connection);
          if (json)
            ctx.output.out(JSON.stringify({ type: 'secret', secret, created, forwardTo: flags.forwardTo }));
          else {
            ctx.output.err(
              `Your local webhook signing secret is ${secret} (Standard Webhooks; kept in ${folder})`,
            );
            ctx.output.err(`Forwarding events from ${client.baseUrl} to ${flags.forwardTo}`);
          }
          const names = new Map<string, Promise<string>>();
          const connectionName = (id: string): Promise<string> => {
            let name = names.get(id);
            if (name === undefined) {
              name = client.api.GET('/api/v1/connections/{id}', { params: { path: { id } } }).then(
                (answer) => answer.data?.name ?? id,
                () => id,
              );
              names.set(id, name);
            }
            return name;
          };
          await runListen(
            { forwardTo: flags.forwardTo, connectionIds: flags.connection, since, secret },
            {
              client,
              fetch: ctx.fetch,
              clock: systemClock,
              sleep: abortableSleep,
              checkpoint,
              connectionName,
              report: print,
              signal: controller.signal,
            },
          );
        } catch (error) {
          ctx.output.err(error instanceof Error ? error.message : String(error));
          ctx.setExitCode(1);
        } finally {
          process.removeListener('SIGINT', stop);
        }
      },
    );
}

/** Resolves after `ms`, or as soon as `signal` aborts. */
function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
