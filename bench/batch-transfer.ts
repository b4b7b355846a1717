// node --experimental-strip-types bench/batch-transfer.ts: what handing group-commit batches to the SQLite
// writer thread and back costs per item, by side, for the records structured-cloned as they are (the way
// batches crossed before) and for the transfer encoding (`sqlite-writer/batch-transfer.ts`). Both sides
// run on this thread through message ports: "main" is the main thread's share (encoding, posting, reading
// the answer), "writer" the writer's (receiving, mapping or decoding to rows, answering). SQL is left out.
// Times are this thread's CPU time, so other processes' load does not count. Not a test.
//   BENCH_BATCH (8), BENCH_BATCHES (4000), BENCH_BODY_BYTES (1024),
//   BENCH_BODY (own: each body its own ArrayBuffer, as a request read whole; pooled: a view into Node's
//   64 KB Buffer pool, as Buffer.concat makes for a body read in several chunks)
import { MessageChannel, type MessagePort, receiveMessageOnPort } from 'node:worker_threads';
import {
  decodeBatch,
  encodeBatch,
  type TransferredBatch,
} from '../src/store/sqlite-writer/batch-transfer.ts';
import { firstIdsOf, resultsOf } from '../src/store/sqlite-writer/writer-protocol.ts';
import type { HistoryRecord } from '../src/store/types.ts';
import { type BatchItem, toBatchItem, type WriteItem, type WriteResult } from '../src/store/write-batch.ts';

const BATCH = Number(process.env.BENCH_BATCH ?? 8);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 4000);
const BODY_BYTES = Number(process.env.BENCH_BODY_BYTES ?? 1024);
const POOLED = process.env.BENCH_BODY === 'pooled';
const text = JSON.stringify({ type: 'order.updated', note: 'x'.repeat(BODY_BYTES) }).slice(0, BODY_BYTES);
let sequence = 0;

/** One accepted event as the ingest submits it (event and history row share one headers object). */
function writeItem(): WriteItem {
  const bytes = Buffer.from(text);
  const body = POOLED ? Buffer.concat([bytes.subarray(0, 100), bytes.subarray(100)]) : new Uint8Array(bytes);
  const id = `evt_${(sequence++).toString(36).padStart(24, '0')}`;
  const headers = {
    'content-type': 'application/json',
    'x-signature': '[redacted]',
    host: '127.0.0.1:3000',
    'content-length': String(BODY_BYTES),
    'user-agent': 'bench',
  };
  const history: HistoryRecord = {
    id: `hst_${id.slice(4)}`,
    connectionId: 'con_0123456789abcdefghij',
    receivedAt: Date.now(),
    outcome: 'ACCEPTED',
    message: null,
    headers,
    bodyPreview: text,
    bodySize: BODY_BYTES,
    eventId: id,
    duplicateOf: null,
    contactId: null,
    repeatCount: 1,
  };
  const event = {
    id,
    connectionId: history.connectionId,
    receivedAt: history.receivedAt,
    contentType: 'application/json',
    headers,
    body,
    idempotencyKey: null,
  };
  return { kind: 'accept', event, history };
}

/** This thread's CPU time in ms. */
function cpu(): number {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
}

/** One way of crossing: what each side does with a batch. */
interface Crossing {
  /** Main thread: posts the batch to `port`; returns what it keeps to read the answer. */
  send(items: readonly WriteItem[], port: MessagePort): unknown;
  /** Writer: reads a request, makes the rows it would bind, posts the answer for `results` to `port`. */
  serve(request: unknown, results: readonly WriteResult[], port: MessagePort): void;
  /** Main thread: reads the answer. */
  settle(reply: unknown, kept: unknown): readonly WriteResult[];
}

const cloned: Crossing = {
  send(items, port) {
    port.postMessage({ id: 1, items });
    return null;
  },
  serve(request, results, port) {
    // The writer mapped each record to its row (now done on the main thread by toBatchItem).
    (request as { items: WriteItem[] }).items.map(toBatchItem);
    port.postMessage({ id: 1, ok: true, results });
  },
  settle: (reply) => (reply as { results: WriteResult[] }).results,
};

const transferred: Crossing = {
  send(items, port) {
    const batch = items.map(toBatchItem);
    const request = { id: 1, ...encodeBatch(batch) };
    port.postMessage(request, [request.bytes]);
    return batch;
  },
  serve(request, results, port) {
    decodeBatch(request as TransferredBatch);
    port.postMessage({ id: 1, ok: true, firstIds: firstIdsOf(results) });
  },
  settle: (reply, kept) =>
    resultsOf(kept as BatchItem[], (reply as { firstIds: (string | null)[] }).firstIds),
};

const toWriter = new MessageChannel();
const toMain = new MessageChannel();

/** µs of CPU per item on each side. */
function measure(crossing: Crossing): { main: number; writer: number } {
  const batches = Array.from({ length: BATCHES }, () => Array.from({ length: BATCH }, writeItem));
  let main = 0;
  let writer = 0;
  for (const batch of batches) {
    const results: WriteResult[] = batch.map((item) => ({
      status: 'accepted',
      eventId: item.kind === 'accept' ? item.event.id : '',
      historyId: item.history.id,
    }));
    const started = cpu();
    const kept = crossing.send(batch, toWriter.port1);
    const sent = cpu();
    crossing.serve(receiveMessageOnPort(toWriter.port2)?.message, results, toMain.port1);
    const served = cpu();
    crossing.settle(receiveMessageOnPort(toMain.port2)?.message, kept);
    const settled = cpu();
    main += sent - started + (settled - served);
    writer += served - sent;
  }
  const perItem = (ms: number) => Number(((ms * 1000) / (BATCHES * BATCH)).toFixed(2));
  return { main: perItem(main), writer: perItem(writer) };
}

const rows: Record<string, unknown>[] = [];
for (let round = 1; round <= 3; round++) {
  rows.push({ round, crossing: 'records, cloned', ...measure(cloned) });
  rows.push({ round, crossing: 'rows, bodies transferred', ...measure(transferred) });
}
toWriter.port1.close();
toMain.port1.close();
console.log(
  `CPU µs per item, batches of ${BATCH}, ${BODY_BYTES}-byte bodies (${POOLED ? 'pooled' : 'own'}):`,
);
console.table(rows);
