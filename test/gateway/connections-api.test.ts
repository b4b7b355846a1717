import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SCHEME_IDS, SCHEMES, type SchemeId } from '../../src/verify/registry.ts';
import { forEachStore } from '../helpers/each-store.ts';
import { ADMIN_TOKEN, createConnection, testGateway } from '../helpers/test-gateway.ts';

type Connection = {
  id: string;
  name: string;
  auth: Record<string, unknown>;
  secretPreview: string;
  inboundUrl: string;
  enabled: boolean;
  maxBodyBytes: number | null;
};

await forEachStore('admin API: connections', (fresh) => {
  test('the admin API needs the bearer token; openapi, healthz and readyz do not', async (t) => {
    const gw = await testGateway(await fresh(t));
    const none = await gw.app.inject({ method: 'GET', url: '/api/v1/connections' });
    assert.equal(none.statusCode, 401);
    assert.deepEqual(none.json(), {
      error: 'UNAUTHORIZED',
      message: 'UNAUTHORIZED: Missing or invalid admin token',
    });
    const wrong = await gw.app.inject({
      method: 'GET',
      url: '/api/v1/connections',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}x` },
    });
    assert.equal(wrong.statusCode, 401);
    assert.equal((await gw.app.inject({ method: 'GET', url: '/metrics' })).statusCode, 401);
    assert.equal((await gw.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    assert.equal((await gw.app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
    const openapi = await gw.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    assert.equal(openapi.statusCode, 200);
    const doc = openapi.json() as { openapi: string; paths: Record<string, unknown> };
    assert.equal(doc.openapi, '3.1.0');
    for (const path of [
      '/api/v1/connections',
      '/api/v1/connections/{id}',
      '/api/v1/connections/{id}/rotate',
      '/api/v1/history',
      '/api/v1/events/{id}',
    ]) {
      assert.ok(doc.paths[path], `openapi documents ${path}`);
    }
  });

  test('openapi documents the auth body as one of every registered mode, with its credential', async (t) => {
    const gw = await testGateway(await fresh(t));
    const doc = (await gw.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
      paths: Record<string, Record<string, { requestBody: { content: Record<string, { schema: Body }> } }>>;
    };
    type ModeSchema = { properties: Record<string, { enum?: string[] }>; required: string[] };
    type Body = { properties: { auth: { oneOf?: ModeSchema[] } } };
    const bodyOf = (path: string, method: string) =>
      doc.paths[path]?.[method]?.requestBody.content['application/json']?.schema;
    for (const [path, method] of [
      ['/api/v1/connections', 'post'],
      ['/api/v1/connections/{id}', 'patch'],
    ] as const) {
      const modes = bodyOf(path, method)?.properties.auth.oneOf ?? [];
      const ids = modes.map((mode) => mode.properties.mode?.enum?.[0]);
      assert.deepEqual(ids, SCHEME_IDS, `${method} ${path} lists every mode`);
      const byId = (id: string) => modes[SCHEME_IDS.indexOf(id as SchemeId)];
      assert.ok(byId('shared_secret')?.properties.secret, 'the credential field is documented');
      assert.ok(!byId('shared_secret')?.required.includes('secret'), 'generated secrets are optional');
      assert.ok(byId('stripe')?.required.includes('secret'), "a provider's signing secret is required");
      const publicKeyMode = SCHEME_IDS.find((id) => SCHEMES[id]?.storage === 'public_key');
      assert.ok(publicKeyMode && byId(publicKeyMode)?.required.includes('publicKey'));
    }
  });

  test('create → the secret once; show, list, patch and delete never return it', async (t) => {
    const gw = await testGateway(await fresh(t));
    const created = await createConnection(gw, { mode: 'shared_secret' });
    const secret = created.secret!;
    const view = (created.response as { connection: Connection }).connection;
    assert.equal(view.secretPreview, `${secret.slice(0, 6)}…${secret.slice(-4)}`);
    assert.match(view.inboundUrl, new RegExp(`^http://localhost(:80)?/webhooks/in/${created.id}$`));
    assert.equal(view.auth.mode, 'shared_secret');
    assert.equal(view.auth.secret, undefined);

    const shown = await gw.api('GET', `/api/v1/connections/${created.id}`);
    assert.equal((shown.json() as Connection).id, created.id);
    const listed = await gw.api('GET', '/api/v1/connections');
    const list = listed.json() as { items: Connection[]; nextCursor: string | null };
    assert.deepEqual(
      list.items.map((c) => c.id),
      [created.id],
    );
    assert.equal(list.nextCursor, null);
    const patched = await gw.api('PATCH', `/api/v1/connections/${created.id}`, {
      name: 'Renamed',
      maxBodyBytes: 2048,
    });
    assert.equal((patched.json() as Connection).name, 'Renamed');
    assert.equal((patched.json() as Connection).maxBodyBytes, 2048);
    for (const response of [shown, listed, patched])
      assert.ok(!response.body.includes(secret), 'no secret in API responses');

    const badMode = await gw.api('PATCH', `/api/v1/connections/${created.id}`, { auth: { mode: 'hmac' } });
    assert.equal(badMode.status, 400);
    assert.equal((await gw.api('DELETE', `/api/v1/connections/${created.id}`)).status, 204);
    assert.equal((await gw.api('GET', `/api/v1/connections/${created.id}`)).status, 404);
    assert.equal((await gw.api('DELETE', `/api/v1/connections/${created.id}`)).status, 404);
  });

  test('validation errors name the field', async (t) => {
    const gw = await testGateway(await fresh(t));
    const noName = await gw.api('POST', '/api/v1/connections', { auth: { mode: 'shared_secret' } });
    assert.equal(noName.status, 400);
    assert.equal((noName.json() as { error: string }).error, 'VALIDATION_ERROR');
    assert.match((noName.json() as { message: string }).message, /name/);
    const unknownMode = await gw.api('POST', '/api/v1/connections', {
      name: 'x',
      auth: { mode: 'carrier_pigeon' },
    });
    assert.equal(unknownMode.status, 400);
    const badCursor = await gw.api('GET', '/api/v1/history?cursor=%%%');
    assert.equal(badCursor.status, 400);
  });

  test('rotation without grace: the old secret stops at once; with grace both work until it ends', async (t) => {
    const gw = await testGateway(await fresh(t));
    const conn = await createConnection(gw, { mode: 'shared_secret' });
    const send = (secret: string) =>
      gw.app.inject({
        method: 'POST',
        url: conn.path,
        headers: { 'x-webhook-secret': secret },
        payload: '{}',
      });
    assert.equal((await send(conn.secret!)).statusCode, 202);

    const rotated = (await gw.api('POST', `/api/v1/connections/${conn.id}/rotate`, {})).json() as {
      secret: string;
      connection: Connection;
    };
    assert.match(rotated.secret, /^[A-Za-z0-9]{64}$/);
    assert.equal(
      rotated.connection.secretPreview,
      `${rotated.secret.slice(0, 6)}…${rotated.secret.slice(-4)}`,
    );
    assert.equal((await send(conn.secret!)).statusCode, 401, 'old secret refused immediately');
    assert.equal((await send(rotated.secret)).statusCode, 202);

    const graced = (
      await gw.api('POST', `/api/v1/connections/${conn.id}/rotate`, { graceSeconds: 3600 })
    ).json() as { secret: string };
    assert.equal((await send(rotated.secret)).statusCode, 202, 'old secret still valid during grace');
    assert.equal((await send(graced.secret)).statusCode, 202);
    gw.clock.advance(3600 * 1000 + 1);
    assert.equal((await send(rotated.secret)).statusCode, 401, 'old secret refused after grace');
    assert.equal((await send(graced.secret)).statusCode, 202);

    const given = await gw.api('POST', `/api/v1/connections/${conn.id}/rotate`, {
      secret: 'my-own-secret-value-123456',
    });
    assert.equal((given.json() as { secret?: string }).secret, undefined, 'a given secret is not echoed');
    assert.equal((await send('my-own-secret-value-123456')).statusCode, 202);
  });

  test('hmac rotation with grace: both signatures verify during grace', async (t) => {
    const { createHmac } = await import('node:crypto');
    const gw = await testGateway(await fresh(t));
    const conn = await createConnection(gw, { mode: 'hmac', header: 'X-Signature' });
    const send = (secret: string) =>
      gw.app.inject({
        method: 'POST',
        url: conn.path,
        headers: { 'x-signature': createHmac('sha256', secret).update('{}').digest('hex') },
        payload: '{}',
      });
    const next = (
      await gw.api('POST', `/api/v1/connections/${conn.id}/rotate`, { graceSeconds: 60 })
    ).json() as { secret: string };
    assert.equal((await send(conn.secret!)).statusCode, 202);
    assert.equal((await send(next.secret)).statusCode, 202);
    gw.clock.advance(61_000);
    assert.equal((await send(conn.secret!)).statusCode, 401);
  });

  test('secrets never reach logs, errors or history rows', async (t) => {
    const gw = await testGateway(await fresh(t));
    const shared = await createConnection(gw, { mode: 'shared_secret' });
    const hmac = await createConnection(gw, { mode: 'hmac', header: 'X-Signature' });
    const welink = await createConnection(gw, { mode: 'body_hash' });
    const { createHmac } = await import('node:crypto');
    const signature = createHmac('sha256', hmac.secret!).update('{"a":1}').digest('hex');
    const hash = createHmac('sha256', welink.secret!).update('{"a":1}').digest('hex');
    await gw.app.inject({
      method: 'POST',
      url: shared.path,
      headers: { 'x-webhook-secret': shared.secret! },
      payload: '{"a":1}',
    });
    await gw.app.inject({
      method: 'POST',
      url: shared.path,
      headers: { 'x-webhook-secret': `${shared.secret}0` },
      payload: '{"a":1}',
    });
    await gw.app.inject({
      method: 'POST',
      url: hmac.path,
      headers: { 'x-signature': signature },
      payload: '{"a":1}',
    });
    await gw.app.inject({
      method: 'POST',
      url: hmac.path,
      headers: { 'x-signature': signature },
      payload: '{"a":2}',
    });
    await gw.app.inject({ method: 'POST', url: welink.path, payload: `{"a":1,"hash":"${hash}"}` });
    const history = (await gw.api('GET', '/api/v1/history?limit=200')).body;
    assert.equal((JSON.parse(history) as { items: unknown[] }).items.length, 5);
    const everything = [history, gw.logs.join(''), (await gw.api('GET', '/api/v1/connections')).body];
    for (const text of everything) {
      for (const secret of [shared.secret!, hmac.secret!, welink.secret!, signature, hash]) {
        assert.ok(!text.includes(secret), 'a secret or signature leaked');
      }
    }
  });

  test('metrics count requests by connection and outcome', async (t) => {
    const gw = await testGateway(await fresh(t));
    const conn = await createConnection(gw, { mode: 'shared_secret' });
    await gw.app.inject({
      method: 'POST',
      url: conn.path,
      headers: { 'x-webhook-secret': 'wrong' },
      payload: '{}',
    });
    const metrics = await gw.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    assert.equal(metrics.statusCode, 200);
    assert.match(
      metrics.body,
      new RegExp(`hookgate_inbound_requests_total\\{connection="${conn.id}",outcome="UNAUTHORIZED"\\} 1`),
    );
    assert.match(metrics.body, /hookgate_verify_duration_seconds_bucket/);
  });
});
