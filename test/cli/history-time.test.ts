import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toIsoTime } from '../../src/cli/history-command.ts';

const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);

test('history --since / --until take ISO times and durations before now', () => {
  assert.equal(toIsoTime('30m', NOW), '2026-06-01T11:30:00.000Z');
  assert.equal(toIsoTime('2h', NOW), '2026-06-01T10:00:00.000Z');
  assert.equal(toIsoTime('7d', NOW), '2026-05-25T12:00:00.000Z');
  assert.equal(toIsoTime('45s', NOW), '2026-06-01T11:59:15.000Z');
  assert.equal(toIsoTime('2026-05-01T08:00:00+02:00', NOW), '2026-05-01T06:00:00.000Z');
  for (const bad of ['yesterday', '2w', '-1h', '']) {
    assert.throws(() => toIsoTime(bad, NOW), /ISO time or a duration/, bad);
  }
});
