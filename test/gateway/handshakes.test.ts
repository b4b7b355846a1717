import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { forEachStore } from '../helpers/each-store.ts';
import { createConnection, T0, testGateway } from '../helpers/test-gateway.ts';

type Row = { outcome: string; message: string | null; eventId: string | null };

await forEachStore('provider handshakes through the gateway', (fresh) => {
  test('Slack url_verification: answered once signed, never stored; unsigned refused', async (t) => {
    const gw = await testGateway(await fresh(t));
    const secret = 'slack-signing-secret-0123456789';
    const conn = await createConnection(gw, { mode: 'slack', secret });
    const body = JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 'x' });
    const ts = String(Math.floor(T0 / 1000));
    const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
    const signed = await gw.app.inject({
      method: 'POST',
      url: conn.path,
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': ts,
        'x-slack-signature': signature,
      },
      payload: body,
    });
    assert.equal(signed.statusCode, 200);
    assert.equal(signed.body, 'c-123');
    assert.equal(signed.headers['x-content-type-options'], 'nosniff');
    const unsigned = await gw.app.inject({
      method: 'POST',
      url: conn.path,
      headers: { 'content-type': 'application/json' },
      payload: body,
    });
    assert.equal(unsigned.statusCode, 401);
    const rows = ((await gw.api('GET', `/api/v1/history?connectionId=${conn.id}`)).json() as { items: Row[] })
      .items;
    assert.deepEqual(
      rows.map((r) => [r.outcome, r.eventId]),
      [
        ['UNAUTHORIZED', null],
        ['ACCEPTED', null],
      ],
    );
  });

  test('Dropbox GET challenge is echoed; a GET to a non-handshake connection is 405 with a history row', async (t) => {
    const gw = await testGateway(await fresh(t));
    const dropbox = await createConnection(gw, { mode: 'dropbox', secret: 'dropbox-app-secret-123' });
    const challenge = await gw.app.inject({ method: 'GET', url: `${dropbox.path}?challenge=abc123` });
    assert.equal(challenge.statusCode, 200);
    assert.equal(challenge.body, 'abc123');

    const shared = await createConnection(gw, { mode: 'shared_secret' });
    const get = await gw.app.inject({
      method: 'GET',
      url: shared.path,
      headers: { 'x-webhook-secret': shared.secret! },
    });
    assert.equal(get.statusCode, 405);
    assert.equal(get.json().error, 'METHOD_NOT_ALLOWED');
    const head = await gw.app.inject({
      method: 'HEAD',
      url: shared.path,
      headers: { 'x-webhook-secret': shared.secret! },
    });
    assert.equal(head.statusCode, 405);
    const rows = (
      (await gw.api('GET', `/api/v1/history?connectionId=${shared.id}`)).json() as { items: Row[] }
    ).items;
    assert.deepEqual(
      rows.map((r) => r.outcome),
      ['ERROR', 'ERROR'],
    );
  });
});
