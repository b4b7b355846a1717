import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPump } from '../../src/delivery/worker/worker-pump.ts';
import type { Logger } from '../../src/observability/logger.ts';

/** Lets every pending promise callback run (timers are mocked; setImmediate is not). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

test('while the store is unreachable the pump retries once per poll interval, quietly, and resumes', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const logged: string[] = [];
  const logger = {
    debug: () => logged.push('debug'),
    warn: () => logged.push('warn'),
  } as unknown as Logger;
  let failure: Error | null = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
    code: 'ECONNREFUSED',
  });
  let rounds = 0;
  const pump = createPump(
    {
      logger,
      pollIntervalMs: 1000,
      running: () => true,
      room: () => 10,
      async leaseAndStart() {
        rounds += 1;
        if (failure !== null) throw failure;
        return 0;
      },
    },
    10,
  );
  t.after(() => pump.halt());

  pump.kick();
  await settle();
  assert.equal(rounds, 1);
  t.mock.timers.tick(999);
  await settle();
  assert.equal(rounds, 1, 'no retry before the poll interval: the pump does not spin');
  for (let second = 0; second < 5; second += 1) {
    t.mock.timers.tick(1000);
    await settle();
  }
  assert.equal(rounds, 6, 'one round per interval');
  assert.deepEqual(new Set(logged), new Set(['debug']), 'an outage is logged at debug level only');

  failure = new Error('a bug');
  t.mock.timers.tick(1000);
  await settle();
  assert.equal(logged.at(-1), 'warn', 'any other failure is still a warning');

  failure = null;
  t.mock.timers.tick(1000);
  await settle();
  const resumed = rounds;
  t.mock.timers.tick(1000);
  await settle();
  assert.equal(rounds, resumed + 1, 'back to polling once the store answers');
});
