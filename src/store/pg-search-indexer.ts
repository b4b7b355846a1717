import { type Kysely, sql } from 'kysely';
import { pgSearchBodyPreview } from './body-preview.ts';
import type { Database } from './database-schema.ts';

/** Pending rows indexed per transaction: a few tens of milliseconds of server CPU at most. */
export const PG_INDEX_SLICE_ROWS = 500;

/**
 * How long after a commit the indexer starts: under load, the rows of many group commits are indexed
 * together (fewer, larger GIN insertions and commits), while a search still finds them meanwhile.
 */
export const PG_INDEX_DELAY_MS = 100;

/**
 * How often the indexer looks for pending rows without being told: rows another instance committed and
 * could not index (it stopped), or rows queued by an update of their message.
 */
export const PG_INDEX_SWEEP_MS = 5000;

/** The PostgreSQL history search indexer of one store (see migration 0012). */
export interface PgSearchIndexer {
  /** Asks for an indexing pass soon (after a commit that wrote history rows). */
  poke(): void;
  /** Stops the timers and waits for a running pass. */
  close(): Promise<void>;
}

/**
 * One indexing slice: moves up to PG_INDEX_SLICE_ROWS pending ids into `history_search` and answers how
 * many ids it took (`taken`). SKIP LOCKED lets several instances index side by side and skips a row whose
 * message is being updated (its requeue holds the lock). Exported for `npm run bench:pg-server`, which
 * measures this very statement.
 */
export const PG_INDEX_SLICE_SQL = `
  with taken as (
    delete from history_search_pending where history_id in (
      select history_id from history_search_pending limit ${PG_INDEX_SLICE_ROWS} for update skip locked)
    returning history_id),
  indexed as (
    insert into history_search (history_id, words)
      select h.id, hookgate_search_document(h.id, h.event_id, h.message, h.headers, ${pgSearchBodyPreview('h')})
        from history h join taken t on t.history_id = h.id
      on conflict (history_id) do update set words = excluded.words)
  select count(*) as taken from taken`;

/**
 * Runs one slice (PG_INDEX_SLICE_SQL) in its own transaction; returns how many ids it took. The commit
 * is asynchronous: losing it in a crash loses the pending rows' deletion together with their words, so
 * they are simply indexed again.
 */
async function indexSlice(db: Kysely<Database>): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await sql`set local synchronous_commit = off`.execute(trx);
    const result = await sql.raw<{ taken: number | string }>(PG_INDEX_SLICE_SQL).execute(trx);
    return Number(result.rows[0]?.taken ?? 0);
  });
}

/**
 * Creates the indexer on `db`. A pass runs slices until one comes back short; only one pass runs at a
 * time, and a poke during a pass runs another after it. A failed pass (database away) is retried by the
 * next poke or sweep; the store's health already hears of the failed query.
 */
export function createPgSearchIndexer(db: Kysely<Database>): PgSearchIndexer {
  let running: Promise<void> | null = null;
  let again = false;
  let delay: NodeJS.Timeout | null = null;
  let closed = false;
  const pass = async (): Promise<void> => {
    while ((await indexSlice(db)) === PG_INDEX_SLICE_ROWS && !closed) {}
  };
  const run = (): Promise<void> => {
    if (running !== null) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await pass().catch(() => undefined);
      } while (again && !closed);
    })().finally(() => {
      running = null;
    });
    return running;
  };
  const sweep = setInterval(() => void run(), PG_INDEX_SWEEP_MS);
  sweep.unref();
  return {
    poke() {
      if (closed || delay !== null) return;
      delay = setTimeout(() => {
        delay = null;
        void run();
      }, PG_INDEX_DELAY_MS);
      delay.unref();
    },
    async close() {
      closed = true;
      clearInterval(sweep);
      if (delay !== null) clearTimeout(delay);
      delay = null;
      await running;
    },
  };
}
