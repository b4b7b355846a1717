import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ClusterBus, LocalFanOut } from '../../src/cluster/cluster-bus.ts';
import {
  PROCESSING_HELP_INTERVAL_MS,
  shareConnectionInvalidations,
  shareDeliveryWakeUps,
  shareProcessingBacklog,
} from '../../src/cluster/cluster-signals.ts';
import { fixedClock } from '../../src/core/clock.ts';
import type { ConnectionCache } from '../../src/ingest/connection-cache.ts';

type TestBus = ClusterBus & { resync(): void };

/** Buses of two instances in one process: a signal reaches both, marked as own on the sender. */
function memoryCluster(): [TestBus, TestBus] {
  const fanOuts = [new LocalFanOut(), new LocalFanOut()];
  const bus = (own: LocalFanOut): TestBus => ({
    connected: true,
    publish: (topic, payload) => {
      for (const fanOut of fanOuts) fanOut.emit(topic, payload, fanOut === own);
    },
    subscribe: (topic, listener) => own.on(topic, listener),
    onResync: (listener) => own.onResync(listener),
    resync: () => own.resync(),
    close: async () => {},
  });
  return [bus(fanOuts[0] as LocalFanOut), bus(fanOuts[1] as LocalFanOut)];
}

/** A connection cache that records what it was told. */
function recordingCache(calls: string[]): ConnectionCache {
  return {
    load: async () => null,
    invalidate: (id) => calls.push(`invalidate ${id}`),
    clear: () => calls.push('clear'),
  };
}

test('a connection change through one instance drops it from every cache; a resync drops everything', () => {
  const [busA, busB] = memoryCluster();
  const seenA: string[] = [];
  const seenB: string[] = [];
  const cacheA = shareConnectionInvalidations(recordingCache(seenA), busA);
  shareConnectionInvalidations(recordingCache(seenB), busB);
  cacheA.invalidate('con_1');
  assert.deepEqual(seenA, ['invalidate con_1'], 'once on the instance that made the change');
  assert.deepEqual(seenB, ['invalidate con_1']);
  busB.resync();
  assert.deepEqual(seenB, ['invalidate con_1', 'clear']);
});

test('deliveries queued on one instance wake the delivery worker of every instance', () => {
  const [busA, busB] = memoryCluster();
  const woken: string[] = [];
  const queuedOnA = shareDeliveryWakeUps(busA, () => woken.push('a'));
  shareDeliveryWakeUps(busB, () => woken.push('b'));
  queuedOnA();
  assert.deepEqual(woken.sort(), ['a', 'b'], 'each worker once');
});

test('an instance behind on processing asks the others to scan, at most once a second', () => {
  const [busA, busB] = memoryCluster();
  const clock = fixedClock(0);
  const a = { backlog: 0, wakes: 0, wake: () => {} };
  const b = {
    backlog: 0,
    wakes: 0,
    wake() {
      this.wakes += 1;
    },
  };
  const acceptedOnA = shareProcessingBacklog(busA, a, clock, 100);
  shareProcessingBacklog(busB, b, clock, 100);
  acceptedOnA();
  a.backlog = 100;
  acceptedOnA();
  assert.equal(b.wakes, 0, 'a backlog of one batch is not asking for help');
  a.backlog = 101;
  acceptedOnA();
  acceptedOnA();
  assert.equal(b.wakes, 1);
  clock.advance(PROCESSING_HELP_INTERVAL_MS);
  acceptedOnA();
  assert.equal(b.wakes, 2);
});
