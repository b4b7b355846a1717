import assert from 'node:assert/strict';
import { test } from 'node:test';
import { valuesAt } from '../../src/processing/json-path.ts';
import { forEachStore } from '../helpers/each-store.ts';
import { createConnection } from '../helpers/test-gateway.ts';
import { historyOf, processingHarness } from './processing-harness.ts';

type SchemaReply = {
  capturing: boolean;
  eventId: string | null;
  capturedAt: string | null;
  sample: unknown;
  schema: Record<string, unknown> | null;
  paths: string[];
};

const payload = {
  event: 'message.received',
  occurredAt: '2026-01-15T12:00:00Z',
  data: {
    id: '0193c2aa-1111-7abc-8def-0123456789ab',
    counterparty: { email: 'ada@example.com', phone: '+4915112345678', 'first name': 'Ada' },
    items: [
      { sku: 'A', qty: 1, price: 9.5 },
      { sku: 'B', qty: 2, url: 'https://shop.example/b' },
    ],
    tags: [],
    note: null,
  },
};

await forEachStore('processing: connection settings and schema capture', (fresh) => {
  test('capture arms, the next accepted payload becomes the sample with its schema and paths', async (t) => {
    const h = await processingHarness(await fresh(t), t);
    const conn = await h.connection();
    const before = (await h.api('GET', `/api/v1/connections/${conn.id}/schema`)).json() as SchemaReply;
    assert.deepEqual(before, {
      connectionId: conn.id,
      capturing: false,
      eventId: null,
      capturedAt: null,
      sample: null,
      schema: null,
      paths: [],
    });
    await conn.send({ early: true });
    await h.worker.runOnce();
    h.gw.clock.advance(1000);
    const armed = await h.api('POST', `/api/v1/connections/${conn.id}/capture`);
    assert.equal(armed.status, 202);
    assert.equal((armed.json() as { capturing: boolean }).capturing, true);
    assert.equal(
      ((await h.api('GET', `/api/v1/connections/${conn.id}/schema`)).json() as SchemaReply).capturing,
      true,
    );

    await conn.send(payload);
    await conn.send({ later: true });
    await h.worker.runOnce();

    const rows = await historyOf(h, conn.id);
    assert.deepEqual(
      rows.map((row) => row.outcome),
      ['TRIGGER_NOT_FOUND', 'SAMPLE_CAPTURED', 'TRIGGER_NOT_FOUND'],
    );
    assert.equal(
      rows[1]?.message,
      'Payload captured as the sample; TRIGGER_NOT_FOUND: No enabled flow is bound to this connection',
    );
    const reply = (await h.api('GET', `/api/v1/connections/${conn.id}/schema`)).json() as SchemaReply;
    assert.equal(reply.capturing, false, 'one capture takes one sample');
    assert.equal(reply.eventId, rows[1]?.eventId);
    assert.deepEqual(reply.sample, payload);
    const schema = reply.schema as { $schema: string; type: string; properties: Record<string, unknown> };
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.equal(schema.type, 'object');
    assert.deepEqual(schema.properties.occurredAt, { type: 'string', format: 'date-time' });
    const data = schema.properties.data as {
      properties: Record<string, Record<string, unknown>>;
      required: string[];
    };
    assert.deepEqual(data.properties.id, { type: 'string', format: 'uuid' });
    assert.deepEqual(data.properties.note, { type: 'null' });
    assert.deepEqual(data.properties.tags, { type: 'array' });
    assert.deepEqual(data.properties.counterparty?.properties, {
      email: { type: 'string', format: 'email' },
      phone: { type: 'string' },
      'first name': { type: 'string' },
    });
    assert.deepEqual(data.properties.items, {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          sku: { type: 'string' },
          qty: { type: 'integer' },
          price: { type: 'number' },
          url: { type: 'string', format: 'uri' },
        },
        required: ['sku', 'qty'],
      },
    });
    assert.deepEqual(reply.paths, [
      '$.event',
      '$.occurredAt',
      '$.data',
      '$.data.id',
      '$.data.counterparty',
      '$.data.counterparty.email',
      '$.data.counterparty.phone',
      "$.data.counterparty['first name']",
      '$.data.items',
      '$.data.items[*]',
      '$.data.items[*].sku',
      '$.data.items[*].qty',
      '$.data.items[*].price',
      '$.data.items[*].url',
      '$.data.tags',
      '$.data.note',
    ]);
    for (const path of reply.paths) {
      assert.ok(valuesAt(payload, path).length > 0, `${path} selects something in the sample`);
    }
  });

  test('a capture can be cancelled; an unknown connection is 404', async (t) => {
    const h = await processingHarness(await fresh(t), t);
    const conn = await h.connection();
    await h.api('POST', `/api/v1/connections/${conn.id}/capture`);
    const cancelled = await h.api('DELETE', `/api/v1/connections/${conn.id}/capture`);
    assert.equal(cancelled.status, 200);
    assert.deepEqual(cancelled.json(), { connectionId: conn.id, capturing: false, armedAt: null });
    await conn.send({ a: 1 });
    await h.worker.runOnce();
    assert.equal((await historyOf(h, conn.id))[0]?.outcome, 'TRIGGER_NOT_FOUND');
    assert.equal((await h.api('POST', '/api/v1/connections/con_nope/capture')).status, 404);
    assert.equal((await h.api('GET', '/api/v1/connections/con_nope/schema')).status, 404);
  });

  test('processing settings are validated and 404 for unknown connections', async (t) => {
    const h = await processingHarness(await fresh(t), t);
    const conn = await createConnection(h.gw, { mode: 'shared_secret' });
    const defaults = await h.api('GET', `/api/v1/connections/${conn.id}/processing`);
    assert.deepEqual(defaults.json(), {
      connectionId: conn.id,
      identifier: null,
      onUnknownContact: 'skip',
      capturing: false,
      updatedAt: null,
    });
    const badPath = await h.api('PUT', `/api/v1/connections/${conn.id}/processing`, {
      identifier: { type: 'email', path: 'data.email' },
    });
    assert.equal(badPath.status, 400);
    const badCountry = await h.api('PUT', `/api/v1/connections/${conn.id}/processing`, {
      identifier: { type: 'phone', path: '$.p', defaultCountry: 'XX' },
    });
    assert.equal(badCountry.status, 400);
    assert.equal((await h.api('GET', '/api/v1/connections/con_nope/processing')).status, 404);
  });
});
