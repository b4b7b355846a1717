import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { connectionAuth } from '../../src/store/index.ts';
import { forEachStore } from '../helpers/each-store.ts';
import { createConnection, testGateway } from '../helpers/test-gateway.ts';

const body = JSON.stringify({ id: 7, data: { orderId: 12345, deliveryStatus: 'Delivered' } });
const hmacHex = (secret: string, payload: string | Buffer, algorithm = 'sha256') =>
  createHmac(algorithm, secret).update(payload).digest('hex');

await forEachStore('inbound auth modes', (fresh) => {
  test('shared_secret: right secret accepted, wrong or missing secret rejected with the seed message', async (t) => {
    const gw = await testGateway(await fresh(t));
    const conn = await createConnection(gw, { mode: 'shared_secret' });
    assert.match(conn.secret ?? '', /^[A-Za-z0-9]{64}$/);
    const send = (headers: Record<string, string>) =>
      gw.app.inject({
        method: 'POST',
        url: conn.path,
        headers: { 'content-type': 'application/json', ...headers },
        payload: body,
      });

    const ok = await send({ 'x-webhook-secret': conn.secret! });
    assert.equal(ok.statusCode, 202);
    assert.equal(ok.json().status, 'accepted');
    assert.match(ok.json().id, /^evt_/);
    const again = await send({ 'X-Webhook-Secret': conn.secret! });
    assert.equal(again.statusCode, 202, 'header names are case-insensitive');

    for (const headers of [{ 'x-webhook-secret': `${conn.secret}x` }, {}, { 'x-webhook-secret': '' }]) {
      const bad = await send(headers);
      assert.equal(bad.statusCode, 401);
      assert.deepEqual(bad.json(), { error: 'UNAUTHORIZED', message: 'UNAUTHORIZED: Invalid secret' });
    }
  });

  test('a stored mode this version does not know: requests refused as an unknown auth mode, fields shown as stored', async (t) => {
    const gw = await testGateway(await fresh(t));
    // A row written by a newer version (or of a scheme since removed): only the store can hold one.
    const id = 'con_from_a_newer_version';
    await gw.store.createConnection(
      {
        id,
        name: 'Pigeons',
        mode: 'carrier_pigeon',
        authConfig: connectionAuth('carrier_pigeon', { coop: 'north' }),
        secretPreview: null,
        maxBodyBytes: null,
        enabled: true,
        createdAt: gw.clock.now(),
        updatedAt: gw.clock.now(),
        rotationReminderDays: null,
      },
      null,
    );
    const refused = await gw.app.inject({ method: 'POST', url: `/webhooks/in/${id}`, payload: body });
    assert.equal(refused.statusCode, 500);
    assert.equal(refused.json().error, 'INTERNAL_ERROR');
    assert.match(refused.json().message, /Unknown auth mode carrier_pigeon/);
    const shown = await gw.api('GET', `/api/v1/connections/${id}`);
    assert.equal(shown.status, 200);
    assert.deepEqual((shown.json() as { auth: unknown }).auth, { coop: 'north', mode: 'carrier_pigeon' });
  });

  test('shared_secret with a custom header name reads that header only', async (t) => {
    const gw = await testGateway(await fresh(t));
    const conn = await createConnection(gw, { mode: 'shared_secret', header: 'x-make-token' });
    const inject = (name: string) =>
      gw.app.inject({ method: 'POST', url: conn.path, headers: { [name]: conn.secret! }, payload: body });
    assert.equal((await inject('x-make-token')).statusCode, 202);
    assert.equal((await inject('x-webhook-secret')).statusCode, 401);
  });

  test('api_key (Xoxo): user key accepted; wrong key, missing header and invalid key format refused', async (t) => {
    const gw = await testGateway(await fresh(t));
    const key = 'a1p2z5b7v68b9112234';
    const conn = await createConnection(gw, { mode: 'api_key', format: 'xoxo', secret: key });
    assert.equal(conn.secret, undefined, 'a user-given key is never echoed back');
    const send = (headers: Record<string, string>) =>
      gw.app.inject({ method: 'POST', url: conn.path, headers, payload: body });
    assert.equal((await send({ 'x-api-key': key })).statusCode, 202);
    assert.equal((await send({ 'x-api-key': `${key}0` })).json().message, 'UNAUTHORIZED: Invalid secret');
    assert.equal((await send({})).json().message, 'UNAUTHORIZED: Invalid secret');

    const tooShort = await gw.api('POST', '/api/v1/connections', {
      name: 'x',
      auth: { mode: 'api_key', format: 'xoxo', secret: 'abc' },
    });
    assert.equal(tooShort.status, 400);
    assert.equal((tooShort.json() as { error: string }).error, 'VALIDATION_ERROR');
    const generated = await createConnection(gw, { mode: 'api_key', format: 'xoxo' });
    assert.match(generated.secret ?? '', /^[A-Za-z0-9]{40}$/);
  });

  test('hmac: valid signature accepted; each broken part gives its exact message', async (t) => {
    const gw = await testGateway(await fresh(t));
    const conn = await createConnection(gw, {
      mode: 'hmac',
      header: 'X-Signature',
      encoding: 'hex',
      prefix: 'sha256=',
      algorithm: 'sha256',
    });
    const secret = conn.secret!;
    assert.equal(secret.length, 64);
    const send = (headers: Record<string, string>, payload = body) =>
      gw.app.inject({
        method: 'POST',
        url: conn.path,
        headers: { 'content-type': 'application/json', ...headers },
        payload,
      });
    const good = `sha256=${hmacHex(secret, body)}`;
    assert.equal((await send({ 'x-signature': good })).statusCode, 202);

    const mismatch = { error: 'UNAUTHORIZED', message: 'UNAUTHORIZED: HMAC signature mismatch' };
    assert.deepEqual((await send({})).json(), {
      error: 'UNAUTHORIZED',
      message: 'UNAUTHORIZED: Missing X-Signature',
    });
    assert.deepEqual(
      (await send({ 'x-signature': hmacHex(secret, body) })).json(),
      mismatch,
      'prefix missing',
    );
    assert.deepEqual(
      (await send({ 'x-signature': `sha1=${hmacHex(secret, body)}` })).json(),
      mismatch,
      'wrong prefix',
    );
    const b64 = createHmac('sha256', secret).update(body).digest('base64');
    assert.deepEqual(
      (await send({ 'x-signature': `sha256=${b64}` })).json(),
      mismatch,
      'base64 where hex is configured',
    );
    assert.deepEqual(
      (await send({ 'x-signature': `sha256=${hmacHex('other-secret', body)}` })).json(),
      mismatch,
      'wrong secret',
    );
    assert.deepEqual(
      (await send({ 'x-signature': good }, body.replace('12345', '12346'))).json(),
      mismatch,
      'tampered body',
    );
    const reformatted = JSON.stringify(JSON.parse(body), null, 2);
    assert.deepEqual((await send({ 'x-signature': good }, reformatted)).json(), mismatch, 'reformatted JSON');
  });

  test('hmac base64 / sha512 and Flintn X-Signature-Primary', async (t) => {
    const gw = await testGateway(await fresh(t));
    const conn = await createConnection(gw, {
      mode: 'hmac',
      header: 'X-Signature-Primary',
      encoding: 'base64',
      algorithm: 'sha512',
    });
    const sig = createHmac('sha512', conn.secret!).update(body).digest('base64');
    const ok = await gw.app.inject({
      method: 'POST',
      url: conn.path,
      headers: { 'x-signature-primary': sig },
      payload: body,
    });
    assert.equal(ok.statusCode, 202);
    const missing = await gw.app.inject({ method: 'POST', url: conn.path, payload: body });
    assert.equal(missing.json().message, 'UNAUTHORIZED: Missing X-Signature-Primary');
  });

  test('body_hash (We-Link): compact JS and Python-style bodies accepted; missing or wrong hash refused', async (t) => {
    const gw = await testGateway(await fresh(t));
    const conn = await createConnection(gw, { mode: 'body_hash' });
    const secret = conn.secret!;
    const data = { status: 'SUCCESS', request_id: 'req-1', result: { first_name: 'Zoë', premium: true } };
    const send = (payload: string) =>
      gw.app.inject({
        method: 'POST',
        url: conn.path,
        headers: { 'content-type': 'application/json' },
        payload,
      });

    const compact = JSON.stringify({ ...data, hash: hmacHex(secret, JSON.stringify(data)) });
    assert.equal((await send(compact)).statusCode, 202);
    const python =
      '{"status": "SUCCESS", "request_id": "req-1", "result": {"first_name": "Zo\\u00eb", "premium": true}}';
    const pythonBody = `${python.slice(0, -1)}, "hash": "${hmacHex(secret, python)}"}`;
    assert.equal((await send(pythonBody)).statusCode, 202);

    assert.deepEqual((await send(JSON.stringify(data))).json(), {
      error: 'UNAUTHORIZED',
      message: 'UNAUTHORIZED: Missing hash',
    });
    const wrong = JSON.stringify({ ...data, hash: hmacHex('nope', JSON.stringify(data)) });
    assert.equal((await send(wrong)).json().message, 'UNAUTHORIZED: HMAC signature mismatch');
    const tampered = JSON.stringify({
      ...data,
      status: 'FAILED',
      hash: hmacHex(secret, JSON.stringify(data)),
    });
    assert.equal((await send(tampered)).json().message, 'UNAUTHORIZED: HMAC signature mismatch');
  });

  test('a connection whose credential is gone fails closed', async (t) => {
    const store = await fresh(t);
    const gw = await testGateway(store);
    const conn = await createConnection(gw, { mode: 'hmac', header: 'X-Signature' });
    const [only] = await store.activeSecrets(conn.id, gw.clock.now());
    await store.rotateSecret(
      conn.id,
      { ...only!, id: 'sec_expired', createdAt: gw.clock.now(), expiresAt: gw.clock.now() },
      gw.clock.now(),
      gw.clock.now(),
    );
    const response = await gw.app.inject({
      method: 'POST',
      url: conn.path,
      headers: { 'x-signature': hmacHex(conn.secret!, body) },
      payload: body,
    });
    assert.equal(response.statusCode, 401);
    assert.equal(response.json().message, 'UNAUTHORIZED: Connection is missing its signing credential');
  });
});
