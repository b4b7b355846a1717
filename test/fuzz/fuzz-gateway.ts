import { connect } from 'node:net';
import { newId } from '../../src/core/ids.ts';
import type { HistoryRecord, Store } from '../../src/store/types.ts';
import { ADMIN_TOKEN, createConnection, type TestGateway, testGateway } from '../helpers/test-gateway.ts';
import { type CaseContext, expectedRows, type HttpCase, renderCase } from './http-cases.ts';

/** What one case did: the statuses the client read and the history rows it left on the lane's connection. */
export interface CaseResult {
  readonly statuses: readonly number[];
  /**
   * Outcomes of the new rows, sorted (pipelined requests are handled concurrently, so their rows may be
   * written in either order); a row standing for several requests appears that often.
   */
  readonly outcomes: readonly string[];
  /** True when the server neither answered nor closed within the time allowed. */
  readonly hung: boolean;
  /** Rows found now that were written before this case started: a row of an earlier case, late. */
  readonly late: readonly string[];
  /** How many answers came up to and including the first that said `Connection: close` (all when none did). */
  readonly answeredBeforeClose: number;
}

/** A gateway listening on a real socket, with one connection per lane. */
export interface FuzzGateway {
  readonly label: string;
  readonly lanes: number;
  /** Sends `httpCase` on a new socket for `lane` and reports what happened; `tag` names the run. */
  run(lane: number, httpCase: HttpCase, tag: string): Promise<CaseResult>;
  /** The bytes of a case as sent on `lane`, escaped for a failure message (huge runs shortened). */
  describe(lane: number, httpCase: HttpCase): string;
  /** The invariants every case must keep, as messages (empty when all hold). */
  check(lane: number, httpCase: HttpCase, result: CaseResult): string[];
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024;
/**
 * How long a case may take before it counts as hung: the server must always answer and close, and a case
 * is a few small requests, answered in milliseconds (the margin is for a loaded CI machine).
 */
export const CASE_DEADLINE_MS = 5_000;

/** Starts a fuzz gateway over `store` with `lanes` connections (shared_secret, 1 KB body limit). */
export async function startFuzzGateway(label: string, store: Store, lanes: number): Promise<FuzzGateway> {
  const gateway = await testGateway(store);
  const contexts: CaseContext[] = [];
  for (let lane = 0; lane < lanes; lane += 1) {
    const created = await createConnection(
      gateway,
      { mode: 'shared_secret' },
      { maxBodyBytes: MAX_BODY_BYTES },
    );
    if (created.secret === undefined) throw new Error('shared_secret connection without a secret');
    contexts.push({
      connectionId: created.id,
      secret: created.secret,
      adminToken: ADMIN_TOKEN,
      maxBodyBytes: MAX_BODY_BYTES,
      keyPrefix: '',
    });
  }
  const address = new URL(await gateway.app.listen({ port: 0, host: '127.0.0.1' }));
  const lastRowIds = contexts.map(() => '');
  return {
    label,
    lanes,
    async run(lane, httpCase, tag) {
      const context = { ...contextOf(contexts, lane), keyPrefix: tag };
      // Ids are time-ordered within this process: a row with an id below this mark was written before the case.
      const mark = newId('hst');
      const { text, hung } = await exchange(Number(address.port), renderCase(httpCase, context));
      const answers = text.split(/(?=HTTP\/1\.1 \d{3} )/).filter((answer) => answer.startsWith('HTTP/1.1 '));
      const statuses = answers.map((answer) => Number(answer.slice(9, 12)));
      const closing = answers.findIndex((answer) =>
        /\r\nconnection: *close\r\n/i.test(answer.split('\r\n\r\n')[0] ?? ''),
      );
      const answeredBeforeClose = closing === -1 ? Number.POSITIVE_INFINITY : closing + 1;
      const rows = await newRows(gateway, context.connectionId, lastRowIds, lane);
      const outcomes = rows
        .filter((row) => row.id > mark)
        .flatMap((row) => Array.from({ length: repeatsOf(row) }, () => row.outcome))
        .sort();
      const late = rows.filter((row) => row.id < mark).map((row) => `${row.outcome}: ${row.message}`);
      return { statuses, outcomes, hung, answeredBeforeClose, late };
    },
    describe(lane, httpCase) {
      const text = renderCase(httpCase, contextOf(contexts, lane)).toString('latin1');
      return JSON.stringify(text.replace(/(.)\1{40,}/g, (run, char: string) => `${char}…×${run.length}`));
    },
    check(lane, httpCase, result) {
      const problems: string[] = [];
      if (result.hung) problems.push('the server neither answered nor closed the socket');
      if (result.late.length > 0)
        problems.push(`rows of the previous case written after it ended: ${result.late.join(', ')}`);
      if (result.statuses.length === 0) problems.push('no answer');
      if (result.statuses.some((status) => status >= 500)) problems.push(`5xx: ${result.statuses.join(',')}`);
      const rows = expectedRows(httpCase, contextOf(contexts, lane), result.answeredBeforeClose);
      if (result.outcomes.length !== rows) {
        problems.push(
          `${result.outcomes.length} history rows (${result.outcomes.join(',')}), expected ${rows}`,
        );
      }
      const accepted = result.outcomes.filter((outcome) => outcome === 'ACCEPTED').length;
      const answered202 = result.statuses.filter((status) => status === 202).length;
      if (accepted !== answered202) problems.push(`${accepted} ACCEPTED rows but ${answered202} answers 202`);
      return problems;
    },
    async close() {
      // A socket the gateway left open (the failure a hung case reports) must not hold the close, which
      // would keep the run from ending and its report from being printed.
      gateway.app.server.closeAllConnections();
      await gateway.app.close();
    },
  };
}

function contextOf(contexts: readonly CaseContext[], lane: number): CaseContext {
  const context = contexts[lane];
  if (context === undefined) throw new Error(`no lane ${lane}`);
  return context;
}

/** Writes `bytes`, half-closes, and reads until the server closes (or the deadline passes). */
function exchange(port: number, bytes: Buffer): Promise<{ text: string; hung: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    const deadline = setTimeout(() => {
      socket.destroy();
      resolve({ text: Buffer.concat(received).toString('latin1'), hung: true });
    }, CASE_DEADLINE_MS);
    socket.on('data', (data: Buffer) => received.push(data));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(deadline);
      resolve({ text: Buffer.concat(received).toString('latin1'), hung: false });
    });
    socket.end(bytes);
  });
}

/** The rows written on the lane's connection since the last call. */
async function newRows(
  gateway: TestGateway,
  connectionId: string,
  lastRowIds: string[],
  lane: number,
): Promise<HistoryRecord[]> {
  const page = await gateway.store.listHistory({ connectionId, limit: 50 });
  const last = lastRowIds[lane] ?? '';
  const fresh = page.items.filter((row) => row.id > last).sort((a, b) => (a.id < b.id ? -1 : 1));
  const newest = fresh.at(-1);
  if (newest !== undefined) lastRowIds[lane] = newest.id;
  return fresh;
}

/** How many requests a row stands for (identical refusals may be folded into one row). */
function repeatsOf(row: object): number {
  const count = (row as { repeatCount?: unknown }).repeatCount;
  return typeof count === 'number' ? count : 1;
}
