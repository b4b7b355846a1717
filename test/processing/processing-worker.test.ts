import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '../../src/observability/logger.ts';
import { createProcessingWorker } from '../../src/processing/processing-worker.ts';
import type { HistoryRecord } from '../../src/store/types.ts';
import { forEachStore } from '../helpers/each-store.ts';
import { historyOf, processingHarness, RecordingPublisher } from './processing-harness.ts';

await forEachStore('processing: worker lifecycle', (fresh) => {
  test('start() drains the backlog in the background, nudges are processed, stop() waits for them', async (t) => {
    const h = await processingHarness(await fresh(t), t);
    const conn = await h.connection();
    await conn.send({ before: true });
    const updated: HistoryRecord[] = [];
    const publisher = new RecordingPublisher();
    const worker = createProcessingWorker({
      store: h.store,
      clock: h.gw.clock,
      publisher,
      logger: createLogger('silent'),
      onHistoryUpdated: (row) => updated.push(row),
      options: { pollIntervalMs: 3_600_000 },
    });
    worker.start();
    worker.start();
    await conn.send({ after: true });
    const rows = (await h.gw.api('GET', `/api/v1/history?connectionId=${conn.id}`)).json() as {
      items: { id: string; eventId: string }[];
    };
    const newest = rows.items[0]!;
    worker.nudge({ eventId: newest.eventId, historyId: newest.id, connectionId: conn.id });
    worker.nudge();
    await worker.stop();
    assert.deepEqual(
      (await historyOf(h, conn.id)).map((row) => row.outcome),
      ['TRIGGER_NOT_FOUND', 'TRIGGER_NOT_FOUND'],
    );
    assert.deepEqual(updated.map((row) => row.outcome).sort(), ['TRIGGER_NOT_FOUND', 'TRIGGER_NOT_FOUND']);
    assert.equal(new Set(updated.map((row) => row.id)).size, 2, 'each row is reported once');
    assert.equal((await worker.runOnce()).processed, 0, 'runOnce still works after stop');
  });

  test('runOnce calls made together share one drain and see the same result', async (t) => {
    const h = await processingHarness(await fresh(t), t);
    const conn = await h.connection();
    for (let n = 0; n < 5; n += 1) await conn.send({ n });
    const [first, second] = await Promise.all([h.worker.runOnce(), h.worker.runOnce()]);
    assert.equal(first, second);
    assert.equal(first.processed, 5);
    assert.equal(
      (await historyOf(h, conn.id)).filter((row) => row.outcome === 'TRIGGER_NOT_FOUND').length,
      5,
    );
  });
});
