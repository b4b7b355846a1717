import type { Insertable } from 'kysely';
import type pg from 'pg';
import { EVENT_COLUMNS, FORWARD_COLUMNS, HISTORY_COLUMNS, PG_COLUMN_TYPES } from './batch-columns.ts';
import { storedBodyPreview } from './body-preview.ts';
import type { EventsTable, HistoryTable } from './database-schema.ts';
import { newForwardJobRow } from './forward/forward-rows.ts';
import type { ForwardJobsTable } from './forward/forward-tables.ts';
import { type PgArrayColumn, type PgArrayType, pgBinaryArrays } from './pg-binary-arrays.ts';
import { fromEventRecord, fromHistoryRecord, withoutNul } from './row-mappers.ts';
import { claimId, claimOrder, type WriteItem, type WriteResult } from './write-batch.ts';

/*
 * The PostgreSQL group commit: a whole batch — its idempotency-key claims, events, forward jobs and history
 * rows — is ONE statement, sent as a named prepared statement whose text depends only on which parts the
 * batch has (at most five texts per connection), with every column bound as one array in binary
 * (`pg-binary-arrays.ts`) and unrolled by `unnest`. A single statement is atomic by itself: no BEGIN and
 * COMMIT round trips, and the foreign keys between its inserts (a forward job's event) are checked at its
 * end. Before, a batch was a multi-row VALUES insert with one parameter per value, whose text changed with
 * the batch size (parsed, analysed and planned on every commit), and a batch with keys was a transaction
 * of four or five round trips (BEGIN, claims, the holders of lost keys, the rows, COMMIT).
 */

/** The types of the idempotency key claims' columns (connection_id, key, event_id, created_at), in binding order. */
export const CLAIM_TYPES: readonly PgArrayType[] = ['text', 'text', 'text', 'bigint'];

/** `unnest($first::t1[], …)` over the given element types. */
function unnest(types: readonly PgArrayType[], first: number): string {
  return `unnest(${types.map((type, index) => `$${first + index}::${type}[]`).join(', ')})`;
}

/** Element types of `columns` of a table, in column order. */
function typesOf<Column extends string>(
  columns: readonly Column[],
  types: Readonly<Record<Column, PgArrayType>>,
): PgArrayType[] {
  return columns.map((column) => types[column]);
}

const EVENT_TYPES = typesOf(EVENT_COLUMNS, PG_COLUMN_TYPES.events);
const FORWARD_TYPES = typesOf(FORWARD_COLUMNS, PG_COLUMN_TYPES.forward_jobs);
const HISTORY_TYPES = typesOf(HISTORY_COLUMNS, PG_COLUMN_TYPES.history);

/** Which parts a batch has; each combination has its own statement. */
interface Shape {
  readonly claims: boolean;
  readonly events: boolean;
  readonly forwards: boolean;
}

/**
 * The history row of an item that claims a key, as the claim decided: the row as given when the item's
 * event holds the key (`k.holder = h.event_id`), else a DUPLICATE row of the holder (the message the
 * caller gave, or `Duplicate of <holder>`; no event id) — the same rows `writeBatch` writes on SQLite.
 * An accepted row stores `accepted_preview` when given (empty: its preview is read from its event, see
 * body-preview.ts), a DUPLICATE row its own preview.
 */
const DUPLICATE_AWARE: Partial<Record<(typeof HISTORY_COLUMNS)[number], string>> = {
  outcome: `case when k.holder is null or k.holder = h.event_id then h.outcome else 'DUPLICATE' end`,
  body_preview: `case when k.holder is null or k.holder = h.event_id then coalesce(h.accepted_preview, h.body_preview)
      else h.body_preview end`,
  message: `case when k.holder is null or k.holder = h.event_id then h.message
      else coalesce(h.message, 'Duplicate of ' || k.holder) end`,
  event_id: 'case when k.holder is null or k.holder = h.event_id then h.event_id end',
  duplicate_of: 'case when k.holder is null or k.holder = h.event_id then h.duplicate_of else k.holder end',
};

/**
 * The statement of a batch of `shape`; parameters: the claims' 4 columns (with claims), the events' and
 * the forward jobs' columns (when present), the history rows' columns, then (with claims) each history
 * row's claim number (1-based into the claims, null for none) and the preview it stores if accepted (null:
 * its `body_preview`).
 *
 * With claims, the keys are inserted first, in the order given (every writer sorts them the same way, so
 * two processes never wait on each other's keys in opposite orders), and a key that exists is "updated"
 * to itself: ON CONFLICT DO UPDATE locks the existing row and RETURNING yields its holder, also when
 * another transaction committed it after this statement began (DO NOTHING would return nothing for it,
 * and a plain read could not see it). The unique key still decides between racing writers. Events whose
 * claim returned another holder are not inserted (nor their forward jobs), and their history rows become
 * DUPLICATE rows. The statement returns each claim's holder.
 */
function statementText(shape: Shape): string {
  const parts: string[] = [];
  let next = 1;
  const take = (types: readonly PgArrayType[]): string => {
    const text = unnest(types, next);
    next += types.length;
    return text;
  };
  const eventList = EVENT_COLUMNS.join(', ');
  const forwardList = FORWARD_COLUMNS.join(', ');
  const historyList = HISTORY_COLUMNS.join(', ');
  if (shape.claims) {
    const claims = take(CLAIM_TYPES);
    parts.push(`claims as (
      insert into idempotency_keys (connection_id, key, event_id, created_at) select * from ${claims}
      on conflict (connection_id, key) do update set event_id = idempotency_keys.event_id
      returning connection_id, key, event_id)`);
    parts.push(`holders as (
      select c.ord, claims.event_id as holder
        from unnest($1::text[], $2::text[]) with ordinality as c (connection_id, key, ord)
        join claims on claims.connection_id = c.connection_id and claims.key = c.key)`);
  }
  if (shape.events) {
    // Inserted in receipt order: each event's stream position (`seq`, migration 0014) is assigned in
    // insert order, and the batch lists events in key-claim order.
    const source = `${take(EVENT_TYPES)} as e (${eventList})`;
    const inReceiptOrder = 'order by e.received_at, e.id';
    parts.push(
      shape.claims
        ? `new_events as (insert into events (${eventList}) select e.* from ${source}
            where e.idempotency_key is null or e.id in (select event_id from claims) ${inReceiptOrder}
            returning id)`
        : `new_events as (insert into events (${eventList}) select e.* from ${source} ${inReceiptOrder})`,
    );
  }
  if (shape.forwards) {
    const source = `${take(FORWARD_TYPES)} as f (${forwardList})`;
    parts.push(
      shape.claims
        ? `new_forwards as (insert into forward_jobs (${forwardList}) select f.* from ${source}
            where f.event_id in (select id from new_events))`
        : `new_forwards as (insert into forward_jobs (${forwardList}) select * from ${source})`,
    );
  }
  const historySource = take(HISTORY_TYPES);
  if (!shape.claims) {
    const insert = `insert into history (${historyList}) select * from ${historySource}`;
    return parts.length === 0 ? insert : `with ${parts.join(',\n')}\n${insert}`;
  }
  const extra = `$${next}::integer[], $${next + 1}::text[]`;
  const values = HISTORY_COLUMNS.map((column) => DUPLICATE_AWARE[column] ?? `h.${column}`).join(', ');
  const source = `${historySource.slice(0, -1)}, ${extra}) as h (${historyList}, claim, accepted_preview)`;
  parts.push(`new_history as (insert into history (${historyList})
      select ${values} from ${source} left join holders k on k.ord = h.claim)`);
  return `with ${parts.join(',\n')}\nselect ord, holder from holders`;
}

/** The statements by shape, built on first use; each is prepared once per connection under its name. */
const statements = new Map<string, { readonly name: string; readonly text: string }>();

function statementFor(shape: Shape): { readonly name: string; readonly text: string } {
  const key = `${shape.claims ? 'k' : ''}${shape.events ? 'e' : ''}${shape.forwards ? 'f' : ''}h`;
  let statement = statements.get(key);
  if (statement === undefined) {
    statement = { name: `hookgate_batch_${key}`, text: statementText(shape) };
    statements.set(key, statement);
  }
  return statement;
}

/** `rows`' `columns`, each to be bound as one array. */
function columnsOf<Row extends object>(
  rows: readonly Row[],
  columns: readonly (keyof Row & string)[],
  types: readonly PgArrayType[],
): PgArrayColumn[] {
  return columns.map((column, index) => ({
    type: types[index] ?? 'text',
    values: rows.map((row) => row[column]),
  }));
}

/** The least a batch needs of a pg pool or client. */
export interface PgQueryable {
  query(config: pg.QueryConfig): Promise<pg.QueryResult>;
}

/**
 * Commits a group-commit batch on PostgreSQL as one statement (see the top of this file) and returns one
 * result per item, in item order: accepted, duplicate (of the key's holder: an earlier event, or the first
 * item of this batch with the same key) or recorded.
 */
export async function commitPgBatch(
  db: PgQueryable,
  items: readonly WriteItem[],
): Promise<readonly WriteResult[]> {
  const claimNumbers = new Map<string, number>();
  // The claims' columns (connection id, key, claiming event id, time), one entry per distinct key.
  const claims = {
    connectionIds: [] as string[],
    keys: [] as string[],
    eventIds: [] as string[],
    at: [] as number[],
  };
  const itemClaims: (number | null)[] = new Array<number | null>(items.length).fill(null);
  const events: Insertable<EventsTable>[] = [];
  const forwards: Insertable<ForwardJobsTable>[] = [];
  const history: Insertable<HistoryTable>[] = [];
  const historyClaims: (number | null)[] = [];
  // With claims: the preview an item's row stores if its event is accepted, when not its `body_preview`.
  const acceptedPreviews: (string | null)[] = [];
  for (const index of claimOrder(items)) {
    const item = items[index];
    if (item === undefined) continue;
    if (item.kind === 'history') {
      history.push(fromHistoryRecord(item.history));
      historyClaims.push(null);
      acceptedPreviews.push(null);
      continue;
    }
    const { event, forward } = item;
    let claim: number | null = null;
    let holdsClaim = true;
    if (event.idempotencyKey !== null) {
      const key = withoutNul(event.idempotencyKey);
      const id = claimId(event.connectionId, key);
      claim = claimNumbers.get(id) ?? null;
      // A later item of the batch with the same key: a duplicate of whoever holds the first item's claim.
      holdsClaim = claim === null;
      if (claim === null) {
        claims.connectionIds.push(event.connectionId);
        claims.keys.push(key);
        claims.eventIds.push(event.id);
        claims.at.push(event.receivedAt);
        claim = claims.keys.length;
        claimNumbers.set(id, claim);
      }
    }
    itemClaims[index] = claim;
    if (holdsClaim) {
      events.push(fromEventRecord(event));
      if (forward !== undefined) {
        const { headers, lease } = forward;
        forwards.push(newForwardJobRow(event.id, event.connectionId, headers, event.receivedAt, lease));
      }
    }
    const row = fromHistoryRecord(item.history);
    row.event_id = event.id;
    row.duplicate_of = null;
    // An accepted event's row stores no copy of its body when the preview can be read from the event
    // (body-preview.ts); a row that may turn out a duplicate keeps its preview for that case.
    const fromEvent = holdsClaim && storedBodyPreview(event.body, item.history.bodyPreview) === '';
    if (claim === null && fromEvent) row.body_preview = '';
    acceptedPreviews.push(claim !== null && fromEvent ? '' : null);
    history.push(row);
    historyClaims.push(claim);
  }

  const shape: Shape = {
    claims: claims.keys.length > 0,
    events: events.length > 0,
    forwards: forwards.length > 0,
  };
  const columns: PgArrayColumn[] = [];
  if (shape.claims) {
    const { connectionIds, keys, eventIds, at } = claims;
    columns.push(
      ...[connectionIds, keys, eventIds, at].map((values, index) => ({
        type: CLAIM_TYPES[index] ?? 'text',
        values,
      })),
    );
  }
  if (shape.events) columns.push(...columnsOf(events, EVENT_COLUMNS, EVENT_TYPES));
  if (shape.forwards) columns.push(...columnsOf(forwards, FORWARD_COLUMNS, FORWARD_TYPES));
  columns.push(...columnsOf(history, HISTORY_COLUMNS, HISTORY_TYPES));
  if (shape.claims) {
    columns.push({ type: 'integer', values: historyClaims }, { type: 'text', values: acceptedPreviews });
  }
  const { name, text } = statementFor(shape);
  const result = await db.query({ name, text, values: pgBinaryArrays(columns) });

  const holders: (string | undefined)[] = [];
  if (shape.claims) {
    for (const row of result.rows as { ord: number; holder: string }[]) holders[Number(row.ord)] = row.holder;
  }
  return items.map((item, index): WriteResult => {
    const historyId = item.history.id;
    if (item.kind === 'history') return { status: 'recorded', historyId };
    const eventId = item.event.id;
    const claim = itemClaims[index];
    if (claim === null || claim === undefined) return { status: 'accepted', eventId, historyId };
    const holder = holders[claim];
    if (holder === undefined) throw new Error(`idempotency key ${item.event.idempotencyKey} was not claimed`);
    return holder === eventId
      ? { status: 'accepted', eventId, historyId }
      : { status: 'duplicate', eventId: holder, historyId };
  });
}
