import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixedClock } from '../../src/core/clock.ts';
import { envelopeBody } from '../../src/delivery/envelope.ts';
import { decideNextState } from '../../src/delivery/retry/next-state.ts';
import {
  DEFAULT_RETRY_SCHEDULE,
  nextDelayMs,
  retryAfterMs,
  retryScheduleEnvSchema,
} from '../../src/delivery/retry/retry-schedule.ts';
import { createEndpointLimiter } from '../../src/delivery/worker/endpoint-limiter.ts';
import { messageRecord } from './store-fixtures.ts';

const candidate = (endpointId: string, maxConcurrency: number | null, rateLimit: number | null) => ({
  deliveryId: 'd',
  endpointId,
  maxConcurrency,
  rateLimit,
});

describe('retry schedule', () => {
  test('the default schedule is Standard Webhooks’ and is exhausted after 8 attempts', () => {
    assert.deepEqual(DEFAULT_RETRY_SCHEDULE, [0, 5, 300, 1800, 7200, 18000, 36000, 36000]);
    assert.equal(
      nextDelayMs(DEFAULT_RETRY_SCHEDULE, 1, () => 0.5),
      5000,
    );
    assert.equal(
      nextDelayMs(DEFAULT_RETRY_SCHEDULE, 7, () => 0.5),
      36_000_000,
    );
    assert.equal(
      nextDelayMs(DEFAULT_RETRY_SCHEDULE, 8, () => 0.5),
      null,
    );
  });

  test('jitter stays within ±20 %', () => {
    assert.equal(
      nextDelayMs([0, 100], 1, () => 0),
      80_000,
    );
    assert.equal(
      nextDelayMs([0, 100], 1, () => 0.999_999),
      120_000,
    );
  });

  test('Retry-After: seconds or HTTP date, capped at one hour, garbage ignored', () => {
    const now = Date.UTC(2026, 0, 1);
    assert.equal(retryAfterMs('30', now), 30_000);
    assert.equal(retryAfterMs('999999', now), 3_600_000);
    assert.equal(retryAfterMs(new Date(now + 90_000).toUTCString(), now), 90_000);
    assert.equal(retryAfterMs(new Date(now - 90_000).toUTCString(), now), 0);
    assert.equal(retryAfterMs('soon', now), null);
    assert.equal(retryAfterMs(null, now), null);
  });

  test('HOOKGATE_RETRY_SCHEDULE parses a comma list of seconds', () => {
    assert.deepEqual(retryScheduleEnvSchema.parse('0, 10,60'), [0, 10, 60]);
    assert.equal(retryScheduleEnvSchema.safeParse('0,-1').success, false);
    assert.equal(retryScheduleEnvSchema.safeParse('').success, false);
    assert.equal(retryScheduleEnvSchema.safeParse(Array(21).fill('1').join(',')).success, false);
  });

  test('next state: 2xx success, 410 disables, others retry then dead-letter', () => {
    const base = { schedule: [0, 10], now: 1000, random: () => 0.5 };
    const response = (status: number) =>
      ({ kind: 'response', status, retryAfter: null, bodyPreview: '', latencyMs: 1 }) as const;
    assert.equal(decideNextState({ ...base, madeInCycle: 1, result: response(204) }).state, 'SUCCESS');
    const gone = decideNextState({ ...base, madeInCycle: 1, result: response(410) });
    assert.equal(gone.state, 'DEAD_LETTER');
    assert.equal(gone.disableReason, '410 Gone');
    assert.deepEqual(decideNextState({ ...base, madeInCycle: 1, result: response(500) }).dueAt, 11_000);
    assert.equal(decideNextState({ ...base, madeInCycle: 2, result: response(500) }).state, 'DEAD_LETTER');
  });
});

describe('endpoint limiter', () => {
  test('caps requests in flight per endpoint and gives slots back', () => {
    const limiter = createEndpointLimiter(fixedClock(0), 2);
    assert.equal(limiter.admit(candidate('a', null, null)), true);
    assert.equal(limiter.admit(candidate('a', null, null)), true);
    assert.equal(limiter.admit(candidate('a', null, null)), false);
    assert.equal(limiter.admit(candidate('b', 1, null)), true);
    assert.deepEqual(limiter.saturated().sort(), ['a', 'b']);
    limiter.release('a');
    assert.deepEqual(limiter.saturated(), ['b']);
    assert.equal(limiter.admit(candidate('a', null, null)), true);
  });

  test('rate limit: a token bucket refilled from the clock', () => {
    const clock = fixedClock(0);
    const limiter = createEndpointLimiter(clock, 100);
    let admitted = 0;
    for (let i = 0; i < 10; i += 1) if (limiter.admit(candidate('r', null, 3))) admitted += 1;
    assert.equal(admitted, 3);
    assert.deepEqual(limiter.saturated(), ['r']);
    clock.advance(1000 / 3);
    assert.equal(limiter.admit(candidate('r', null, 3)), true);
    assert.equal(limiter.admit(candidate('r', null, 3)), false);
  });
});

describe('envelope', () => {
  test('data is spliced verbatim; meta carries the flow origin when present', () => {
    const message = messageRecord('app_1', {
      payload: '{"b":1,"a":[true,null]}',
      connectionId: 'con_1',
      sourceEventId: 'evt_in',
    });
    const parsed = JSON.parse(envelopeBody(message, 3)) as { data: unknown; meta: Record<string, unknown> };
    assert.deepEqual(parsed.data, { b: 1, a: [true, null] });
    assert.equal(parsed.meta.connectionId, 'con_1');
    assert.equal(parsed.meta.sourceEventId, 'evt_in');
    assert.equal(parsed.meta.attempt, 3);
  });
});
