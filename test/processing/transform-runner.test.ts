import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createTransformRunner } from '../../src/processing/transform-runner.ts';

const runner = createTransformRunner({ timeoutMs: 200, processes: 2, maxMemoryMb: 64 });
after(() => runner.close());

test('evaluates JSONata with $event and $contact bindings; nothing selected is undefined', async () => {
  const result = await runner.run(
    '{ "email": $lowercase(data.email), "event": $event.id, "vip": $contact.attributes.vip }',
    { data: { email: 'ADA@X.IO' } },
    { event: { id: 'evt_1' }, contact: { attributes: { vip: true } } },
  );
  assert.deepEqual(result, { ok: true, value: { email: 'ada@x.io', event: 'evt_1', vip: true } });
  assert.deepEqual(await runner.run('missing.field', { a: 1 }, {}), { ok: true, value: undefined });
  assert.deepEqual(await runner.run('null', {}, {}), { ok: true, value: null });
});

test('syntax and evaluation errors come back as TRANSFORM_ERROR with the JSONata code', async () => {
  assert.deepEqual(await runner.run('$$$(', {}, {}), {
    ok: false,
    code: 'TRANSFORM_ERROR',
    message: 'TRANSFORM_ERROR: S0203: Expected ")" before end of expression',
  });
  const thrown = await runner.run('$error("nope")', {}, {});
  assert.equal(thrown.ok, false);
  assert.match(thrown.ok ? '' : thrown.message, /^TRANSFORM_ERROR: D3137: nope$/);
});

test('an endless loop is stopped by the time limit; the sandbox keeps working afterwards', async () => {
  const started = performance.now();
  const looping = await runner.run('($f := function($n){ $f($n + 1) }; $f(0))', {}, {});
  assert.deepEqual(looping, {
    ok: false,
    code: 'TRANSFORM_TIMEOUT',
    message: 'TRANSFORM_TIMEOUT: Transform stopped after 200 ms (endless loop?)',
  });
  assert.ok(performance.now() - started < 2000);
  assert.deepEqual(await runner.run('1 + 1', {}, {}), { ok: true, value: 2 });
});

test('a step that blocks inside native code (catastrophic regex) is killed by the watchdog', async () => {
  const started = performance.now();
  const result = await runner.run('$match("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", /^(a+)+$/)', {}, {});
  assert.equal(result.ok, false);
  assert.match(result.ok ? '' : result.message, /^TRANSFORM_TIMEOUT/);
  assert.ok(performance.now() - started < 3000);
  assert.deepEqual(await runner.run('"alive"', {}, {}), { ok: true, value: 'alive' });
});

test('running out of memory ends only the sandbox; huge sequences are refused outright', async (t) => {
  const roomy = createTransformRunner({ timeoutMs: 5000, processes: 1, maxMemoryMb: 64 });
  t.after(() => roomy.close());
  const huge = await roomy.run('$pad("x", 200000000)', {}, {});
  assert.equal(huge.ok, false);
  assert.match(huge.ok ? '' : huge.message, /^TRANSFORM_ERROR: Sandbox ended/);
  const range = await runner.run('[1..1000000]', {}, {});
  assert.match(range.ok ? '' : range.message, /^TRANSFORM_ERROR: D2015/);
  assert.deepEqual(await roomy.run('"still here"', {}, {}), { ok: true, value: 'still here' });
});

test('the sandbox has no environment and no access to JavaScript globals', async () => {
  const env = await runner.run('$eval("process.env")', {}, {});
  assert.deepEqual(env, { ok: true, value: undefined }, 'a JSONata path, not JavaScript: selects nothing');
  const keys = await runner.run('$keys($)', { only: 1 }, {});
  assert.deepEqual(keys, { ok: true, value: 'only' });
  const closed = createTransformRunner();
  await closed.close();
  assert.deepEqual(await closed.run('1', {}, {}), {
    ok: false,
    code: 'TRANSFORM_ERROR',
    message: 'TRANSFORM_ERROR: Transform runner is closed',
  });
});
