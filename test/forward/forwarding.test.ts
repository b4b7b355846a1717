import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { type SinkAnswer, type SinkRequest, startSink } from '../delivery/helpers/sink.ts';
import { forEachStore } from '../helpers/each-store.ts';
import { pollUntil } from '../helpers/poll-until.ts';
import { createConnection, T0, type TestGateway, testGateway } from '../helpers/test-gateway.ts';

interface Json {
  [key: string]: unknown;
}

/** The gateway with its workers, forwarding allowed to loopback (the sink), with `schedule` as default. */
async function forwardingGateway(
  store: Parameters<typeof testGateway>[0],
  t: { after(fn: () => Promise<void>): void },
  schedule = '0,0,0',
) {
  const gateway = await testGateway(store, {
    workers: true,
    env: { HOOKGATE_ALLOW_PRIVATE_DESTINATIONS: 'true', HOOKGATE_RETRY_SCHEDULE: schedule },
  });
  t.after(() => gateway.app.close());
  return gateway;
}

async function startTestSink(
  t: { after(fn: () => Promise<void>): void },
  answer?: (request: SinkRequest, index: number) => SinkAnswer,
) {
  const sink = await startSink(answer);
  t.after(() => sink.close());
  return sink;
}

/** Sends one event with the shared secret; returns the event id. */
async function send(
  gateway: TestGateway,
  connection: { path: string; secret: string | undefined },
  payload: string | Buffer,
  headers: Record<string, string> = {},
): Promise<string> {
  const response = await gateway.app.inject({
    method: 'POST',
    url: connection.path,
    headers: { 'x-webhook-secret': connection.secret ?? '', 'content-type': 'application/json', ...headers },
    payload,
  });
  assert.equal(response.statusCode, 202, response.body);
  return (response.json() as { id: string }).id;
}

async function forwardOf(gateway: TestGateway, eventId: string) {
  const rows = (await gateway.api('GET', '/api/v1/history')).json() as { items: Json[] };
  return rows.items.find((row) => row.eventId === eventId)?.forward as Json | null | undefined;
}

/** Waits until the event's forward reaches `status` and returns the summary. */
async function settled(gateway: TestGateway, eventId: string, status: string) {
  const forward = await pollUntil(
    () => forwardOf(gateway, eventId),
    (value) => value?.status === status,
    { attempts: 1000 },
  );
  assert.equal(forward?.status, status, JSON.stringify(forward));
  return forward as Json;
}

await forEachStore('forwarding', (fresh) => {
  test('an accepted event reaches the backend byte for byte, signed for the standardwebhooks library', async (t) => {
    const sink = await startTestSink(t);
    const gateway = await forwardingGateway(await fresh(t), t);
    const connection = await createConnection(
      gateway,
      { mode: 'shared_secret' },
      { forward: { url: sink.url, headers: { 'X-Tenant': 'acme' } } },
    );
    const forwardSecret = connection.response.forwardSecret as string;
    assert.match(forwardSecret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.equal(Buffer.from(forwardSecret.slice(6), 'base64').length, 32);
    const view = connection.response.connection as Json;
    assert.deepEqual(view.forward, {
      url: sink.url,
      secretPreview: `${forwardSecret.slice(0, 6)}…${forwardSecret.slice(-4)}`,
      headers: { 'X-Tenant': 'acme' },
      retrySchedule: [0, 0, 0],
      timeoutMs: 15000,
      enabled: true,
    });
    const shown = await gateway.api('GET', `/api/v1/connections/${connection.id}`);
    assert.ok(!shown.body.includes(forwardSecret), 'the secret is shown once');

    const body = Buffer.from('{ "amount": 42,\n  "name": "Zoë ✓" }', 'utf8');
    const eventId = await send(gateway, connection, body, {
      'content-type': 'application/json; charset=utf-8',
      'stripe-signature': 't=1,v1=abc',
      'x-custom': 'kept',
      'x-drop-me': 'hop',
      connection: 'x-drop-me',
    });
    await settled(gateway, eventId, 'delivered');
    const [received] = sink.requests;
    assert.ok(received);
    assert.deepEqual(received.raw, body, 'exact bytes');
    const h = received.headers;
    assert.equal(h['content-type'], 'application/json; charset=utf-8');
    assert.equal(h['webhook-id'], eventId);
    assert.equal(h['x-hookgate-event-id'], eventId);
    assert.equal(h['x-hookgate-connection-id'], connection.id);
    assert.equal(h['stripe-signature'], 't=1,v1=abc', 'provider signatures are forwarded');
    assert.equal(h['x-custom'], 'kept');
    assert.equal(h['x-tenant'], 'acme');
    assert.equal(h['x-webhook-secret'], undefined, 'the credential header is never forwarded');
    assert.equal(h['x-drop-me'], undefined, 'headers named in Connection: are hop-by-hop');
    assert.equal(h['webhook-timestamp'], String(Math.floor(T0 / 1000)));
    const signed = Object.fromEntries(
      Object.entries(h).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
    // The library checks the timestamp against the real clock: verify "now" is the test's fixed T0.
    const realNow = Date.now;
    Date.now = () => T0;
    try {
      assert.deepEqual(new Webhook(forwardSecret).verify(received.body, signed), JSON.parse(body.toString()));
      assert.throws(() => new Webhook(forwardSecret).verify(`${received.body} `, signed));
    } finally {
      Date.now = realNow;
    }

    const attempts = await gateway.api('GET', `/api/v1/events/${eventId}/attempts`);
    const items = (attempts.json() as { items: Json[] }).items;
    assert.equal(items.length, 1);
    assert.equal(items[0]?.status, 'success');
    assert.equal(items[0]?.statusCode, 200);
    assert.equal(items[0]?.responsePreview, 'ok');
    assert.equal(items[0]?.attempt, 1);
    const metrics = await gateway.api('GET', '/metrics');
    assert.match(
      metrics.body,
      new RegExp(`hookgate_forwards_total\\{connection="${connection.id}",status="delivered"\\} 1`),
    );
  });

  test('retries 5xx until delivered; Retry-After is a lower bound; 4xx is final; the schedule ends in dead', async (t) => {
    const answers: Record<string, SinkAnswer[]> = {};
    const sink = await startTestSink(t, (request) => {
      const key = String(request.headers['x-kind']);
      return answers[key]?.shift() ?? { status: 200, body: 'ok' };
    });
    const gateway = await forwardingGateway(await fresh(t), t);
    const connection = await createConnection(
      gateway,
      { mode: 'shared_secret' },
      { forward: { url: sink.url } },
    );

    answers.flaky = [{ status: 503 }, { status: 500 }];
    const flaky = await send(gateway, connection, '{"n":1}', { 'x-kind': 'flaky' });
    assert.deepEqual(await settled(gateway, flaky, 'delivered'), {
      status: 'delivered',
      attempts: 3,
      lastStatusCode: 200,
    });
    const attempts = (await gateway.api('GET', `/api/v1/events/${flaky}/attempts`)).json() as {
      items: Json[];
    };
    assert.deepEqual(
      attempts.items.map((a) => [a.attempt, a.status, a.statusCode]),
      [
        [3, 'success', 200],
        [2, 'failed', 500],
        [1, 'failed', 503],
      ],
    );
    const signatures = sink.requests.filter((r) => r.headers['x-kind'] === 'flaky');
    assert.equal(new Set(signatures.map((r) => r.headers['webhook-id'])).size, 1, 'same webhook-id');

    answers.refused = [{ status: 422 }];
    const refused = await send(gateway, connection, '{"n":2}', { 'x-kind': 'refused' });
    assert.deepEqual(await settled(gateway, refused, 'failed'), {
      status: 'failed',
      attempts: 1,
      lastStatusCode: 422,
    });

    answers.down = [{ status: 502 }, { status: 502 }, { status: 502 }];
    const down = await send(gateway, connection, '{"n":3}', { 'x-kind': 'down' });
    assert.deepEqual(await settled(gateway, down, 'dead'), {
      status: 'dead',
      attempts: 3,
      lastStatusCode: 502,
    });

    answers.busy = [{ status: 429, headers: { 'retry-after': '30' } }];
    const busy = await send(gateway, connection, '{"n":4}', { 'x-kind': 'busy' });
    const job = await pollUntil(
      () => gateway.store.forward.getJob(busy),
      (value) => value?.lastStatus === 429,
    );
    assert.equal(job?.state, 'pending');
    assert.equal(job?.dueAt, gateway.clock.now() + 30_000, 'waits for Retry-After, not the 0 s schedule');
    gateway.clock.advance(30_000);
    await settled(gateway, busy, 'delivered');
  });

  test('redeliver one event and every failed one; 409 FORWARDING_DISABLED; duplicates are not forwarded', async (t) => {
    let failing = true;
    const sink = await startTestSink(t, () => (failing ? { status: 400 } : { status: 204 }));
    const gateway = await forwardingGateway(await fresh(t), t);
    const connection = await createConnection(
      gateway,
      { mode: 'shared_secret' },
      { forward: { url: sink.url } },
    );
    const first = await send(gateway, connection, '{"n":1}', { 'x-idempotency-key': 'k1' });
    const second = await send(gateway, connection, '{"n":2}');
    await settled(gateway, first, 'failed');
    await settled(gateway, second, 'failed');
    const duplicate = await gateway.app.inject({
      method: 'POST',
      url: connection.path,
      headers: { 'x-webhook-secret': connection.secret ?? '', 'x-idempotency-key': 'k1' },
      payload: '{"n":1}',
    });
    assert.equal(duplicate.statusCode, 200);

    failing = false;
    const one = await gateway.api('POST', `/api/v1/events/${first}/redeliver`);
    assert.equal(one.status, 202);
    assert.deepEqual(one.json(), { queued: 1 });
    assert.deepEqual(await settled(gateway, first, 'delivered'), {
      status: 'delivered',
      attempts: 2,
      lastStatusCode: 204,
    });
    const bulk = await gateway.api('POST', `/api/v1/connections/${connection.id}/redeliver`, {
      since: new Date(T0 - 1000).toISOString(),
    });
    assert.equal(bulk.status, 202);
    assert.deepEqual(bulk.json(), { queued: 1 }, 'only the one still failed');
    await settled(gateway, second, 'delivered');
    const none = await gateway.api('POST', `/api/v1/connections/${connection.id}/redeliver`, {
      until: new Date(T0).toISOString(),
      status: 'all',
    });
    assert.deepEqual(none.json(), { queued: 0 }, 'until is exclusive');
    assert.equal(sink.processed.get(first), 2, 'the duplicate was not forwarded');

    const plain = await createConnection(gateway, { mode: 'shared_secret' });
    const unforwarded = await send(gateway, plain, '{}');
    assert.equal(await forwardOf(gateway, unforwarded), null);
    const refused = await gateway.api('POST', `/api/v1/events/${unforwarded}/redeliver`);
    assert.equal(refused.status, 409);
    assert.equal((refused.json() as Json).error, 'FORWARDING_DISABLED');
    assert.equal((await gateway.api('POST', `/api/v1/connections/${plain.id}/redeliver`, {})).status, 409);
    assert.equal((await gateway.api('POST', '/api/v1/events/evt_missing/redeliver')).status, 404);

    const off = await gateway.api('PATCH', `/api/v1/connections/${connection.id}`, { forward: null });
    assert.equal((off.json() as Json).forward, null);
    assert.equal((await gateway.api('POST', `/api/v1/events/${first}/redeliver`)).status, 409);
    const after = await send(gateway, connection, '{"n":3}');
    assert.equal(await forwardOf(gateway, after), null, 'no forward once turned off');
  });

  test('PATCH turns forwarding on with a secret shown once; rotation signs with both secrets during the grace', async (t) => {
    const sink = await startTestSink(t);
    const gateway = await forwardingGateway(await fresh(t), t);
    const connection = await createConnection(gateway, { mode: 'shared_secret' });
    assert.equal((connection.response.connection as Json).forward, null);
    assert.equal(connection.response.forwardSecret, undefined);
    const on = await gateway.api('PATCH', `/api/v1/connections/${connection.id}`, {
      forward: { url: sink.url, retrySchedule: [0, 10], timeoutMs: 2000 },
    });
    assert.equal(on.status, 200);
    const patched = on.json() as Json;
    const oldSecret = patched.forwardSecret as string;
    assert.match(oldSecret, /^whsec_/);
    assert.equal((patched.forward as Json).timeoutMs, 2000);
    const changed = await gateway.api('PATCH', `/api/v1/connections/${connection.id}`, {
      forward: { url: `${sink.url}?v=2` },
    });
    assert.equal((changed.json() as Json).forwardSecret, undefined, 'a changed URL keeps the secret');

    const rotated = await gateway.api('POST', `/api/v1/connections/${connection.id}/forward/rotate`, {
      graceSeconds: 3600,
    });
    assert.equal(rotated.status, 200);
    const { forwardSecret: newSecret, connection: view } = rotated.json() as {
      forwardSecret: string;
      connection: Json;
    };
    assert.notEqual(newSecret, oldSecret);
    assert.equal((view.forward as Json).secretPreview, `${newSecret.slice(0, 6)}…${newSecret.slice(-4)}`);
    const eventId = await send(gateway, connection, '{"rotated":true}');
    await settled(gateway, eventId, 'delivered');
    const received = sink.requests.at(-1);
    assert.ok(received);
    assert.equal(received.url, '/hook?v=2');
    assert.equal(String(received.headers['webhook-signature']).split(' ').length, 2);
    const headers = received.headers as Record<string, string>;
    const realNow = Date.now;
    Date.now = () => T0;
    try {
      for (const secret of [oldSecret, newSecret]) new Webhook(secret).verify(received.body, headers);
    } finally {
      Date.now = realNow;
    }
    const plain = await createConnection(gateway, { mode: 'shared_secret' });
    const refused = await gateway.api('POST', `/api/v1/connections/${plain.id}/forward/rotate`, {});
    assert.equal(refused.status, 409);
  });

  test('a provider connection forwards its signature header, so the backend may verify it too', async (t) => {
    const sink = await startTestSink(t);
    const gateway = await forwardingGateway(await fresh(t), t);
    const secret = 'github-webhook-secret-0123456789';
    const connection = await createConnection(
      gateway,
      { mode: 'github', secret },
      { forward: { url: sink.url } },
    );
    const body = '{"action":"opened"}';
    const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    const response = await gateway.app.inject({
      method: 'POST',
      url: connection.path,
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signature,
        'x-github-event': 'pull_request',
        'x-github-delivery': 'd-1',
      },
      payload: body,
    });
    assert.equal(response.statusCode, 202, response.body);
    const eventId = (response.json() as { id: string }).id;
    await settled(gateway, eventId, 'delivered');
    const received = sink.requests[0];
    assert.equal(received?.headers['x-hub-signature-256'], signature);
    assert.equal(received?.headers['x-github-event'], 'pull_request');
    assert.equal(received?.body, body);
  });

  test('the SSRF guard refuses private forward URLs unless private destinations are allowed', async (t) => {
    const gateway = await testGateway(await fresh(t));
    t.after(() => gateway.app.close());
    const created = await gateway.api('POST', '/api/v1/connections', {
      name: 'ssrf',
      auth: { mode: 'shared_secret' },
      forward: { url: 'http://127.0.0.1:9/hook' },
    });
    assert.equal(created.status, 422);
    assert.deepEqual(created.json(), {
      error: 'DESTINATION_NOT_ALLOWED',
      message: 'DESTINATION_NOT_ALLOWED: forward.url: 127.0.0.1 is a loopback address',
    });
    assert.equal(
      ((await gateway.api('GET', '/api/v1/connections')).json() as { items: Json[] }).items.length,
      0,
    );
    const connection = await createConnection(gateway, { mode: 'shared_secret' });
    const patched = await gateway.api('PATCH', `/api/v1/connections/${connection.id}`, {
      forward: { url: 'http://169.254.169.254/latest' },
    });
    assert.equal(patched.status, 422);
    const reserved = await gateway.api('PATCH', `/api/v1/connections/${connection.id}`, {
      forward: { url: 'https://93.184.216.34/', headers: { 'Webhook-Signature': 'x' } },
    });
    assert.equal(reserved.status, 400);
  });
});
