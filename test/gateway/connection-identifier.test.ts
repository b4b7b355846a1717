import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachStore } from '../helpers/each-store.ts';
import { testGateway } from '../helpers/test-gateway.ts';

type Connection = { id: string; identifier: { type: string; path: string } | null; onUnknownContact: string };

await forEachStore('connection identifier fields', (fresh) => {
  test('identifier and onUnknownContact on create, show, patch; the processing API sees the same', async (t) => {
    const gw = await testGateway(await fresh(t));
    const created = await gw.api('POST', '/api/v1/connections', {
      name: 'crm',
      auth: { mode: 'shared_secret' },
      identifier: { type: 'email', path: '$.data.counterparty.email' },
      onUnknownContact: 'create',
    });
    assert.equal(created.status, 201, created.body);
    const { connection } = created.json() as { connection: Connection };
    assert.deepEqual(connection.identifier, {
      type: 'email',
      path: '$.data.counterparty.email',
      defaultCountry: null,
    });
    assert.equal(connection.onUnknownContact, 'create');

    const settings = (
      await gw.api('GET', `/api/v1/connections/${connection.id}/processing`)
    ).json() as Connection;
    assert.deepEqual(settings.identifier, connection.identifier);

    const patched = await gw.api('PATCH', `/api/v1/connections/${connection.id}`, {
      onUnknownContact: 'skip',
    });
    assert.equal(patched.status, 200, patched.body);
    assert.deepEqual((patched.json() as Connection).identifier, connection.identifier, 'identifier kept');
    assert.equal((patched.json() as Connection).onUnknownContact, 'skip');
    const cleared = await gw.api('PATCH', `/api/v1/connections/${connection.id}`, { identifier: null });
    assert.equal((cleared.json() as Connection).identifier, null);
  });

  test('a plain connection shows no identifier; an invalid path is refused before anything is created', async (t) => {
    const gw = await testGateway(await fresh(t));
    const plain = await gw.api('POST', '/api/v1/connections', {
      name: 'plain',
      auth: { mode: 'shared_secret' },
    });
    const { connection } = plain.json() as { connection: Connection };
    assert.equal(connection.identifier, null);
    assert.equal(connection.onUnknownContact, 'skip');
    const settings = (await gw.api('GET', `/api/v1/connections/${connection.id}/processing`)).json() as {
      updatedAt: string | null;
    };
    assert.equal(settings.updatedAt, null, 'no processing settings were written for a plain connection');

    const bad = await gw.api('POST', '/api/v1/connections', {
      name: 'bad',
      auth: { mode: 'shared_secret' },
      identifier: { type: 'email', path: 'data.email' },
    });
    assert.equal(bad.status, 400);
    const list = (await gw.api('GET', '/api/v1/connections')).json() as { items: unknown[] };
    assert.equal(list.items.length, 1);
  });
});
