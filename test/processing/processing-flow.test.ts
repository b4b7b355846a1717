import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachStore } from '../helpers/each-store.ts';
import { createConnection } from '../helpers/test-gateway.ts';
import { historyOf, processingHarness } from './processing-harness.ts';

type Run = { status: string; input: unknown; output: unknown; error: string | null; eventId: string };

const order = {
  type: 'order.paid',
  data: { id: 'ord_1', amount: 4200, counterparty: { email: 'Ada@Example.COM', name: 'Ada' } },
};

await forEachStore('processing: flows', (fresh) => {
  test('inbound request → contact resolved → filter and transform → publish with the transformed data', async (t) => {
    const h = await processingHarness(await fresh(t), t);
    const conn = await h.connection();
    const contact = await h.api('POST', '/api/v1/contacts', { name: 'Ada', email: 'ada@example.com' });
    assert.equal(contact.status, 201);
    const contactId = (contact.json() as { id: string }).id;
    const settings = await h.api('PUT', `/api/v1/connections/${conn.id}/processing`, {
      identifier: { type: 'email', path: '$.data.counterparty.email' },
      onUnknownContact: 'skip',
    });
    assert.equal(settings.status, 200);
    const flow = await h.api('POST', '/api/v1/flows', {
      name: 'paid orders to CRM',
      trigger: { type: 'webhook_received', connectionId: conn.id },
      filter: {
        match: 'all',
        conditions: [
          { path: '$.type', op: 'eq', value: 'order.paid' },
          { path: '$.data.amount', op: 'gt', value: 1000 },
        ],
      },
      transform: '{ "order": data.id, "cents": data.amount, "contact": $contact.id, "event": $event.id }',
      actions: [{ type: 'deliver', endpointId: 'ep_crm', eventType: 'order.synced' }],
    });
    assert.equal(flow.status, 201, flow.body);
    const flowId = (flow.json() as { id: string }).id;

    assert.equal(await conn.send(order), 202);
    assert.equal(await conn.send({ ...order, type: 'order.refunded' }), 202);
    assert.equal(h.publisher.calls.length, 0, 'nothing happens before the worker runs (the 202 never waits)');
    const summary = await h.worker.runOnce();
    assert.equal(summary.processed, 2);

    const [call] = h.publisher.calls;
    assert.equal(h.publisher.calls.length, 1, 'the refund is filtered out');
    const [first, second] = await historyOf(h, conn.id);
    assert.deepEqual(call?.data, { order: 'ord_1', cents: 4200, contact: contactId, event: first?.eventId });
    assert.equal(call?.endpointId, 'ep_crm');
    assert.equal(call?.type, 'order.synced');
    assert.equal(call?.connectionId, conn.id);
    assert.equal(call?.sourceEventId, first?.eventId);
    assert.equal(first?.outcome, 'ACCEPTED');
    assert.equal(first?.contactId, contactId, 'the event records the resolved contact');
    assert.equal(second?.contactId, contactId);

    const runs = (await h.api('GET', `/api/v1/flows/${flowId}/runs`)).json() as { items: Run[] };
    assert.deepEqual(
      runs.items.map((run) => run.status),
      ['filtered', 'succeeded'],
    );
    const succeeded = runs.items[1]!;
    assert.deepEqual(succeeded.input, order);
    assert.deepEqual(succeeded.output, call?.data);
    const failedOnly = (await h.api('GET', `/api/v1/flows/${flowId}/runs?status=failed`)).json() as {
      items: Run[];
    };
    assert.equal(failedOnly.items.length, 0);
    assert.equal((await h.worker.runOnce()).processed, 0, 'each event is processed once');
  });

  test('a plain gateway connection (no processing settings, no flow) keeps the outcome ACCEPTED', async (t) => {
    const h = await processingHarness(await fresh(t), t);
    const plain = await createConnection(h.gw, { mode: 'shared_secret' });
    const sent = await h.gw.app.inject({
      method: 'POST',
      url: plain.path,
      headers: { 'x-webhook-secret': plain.secret! },
      payload: '{"hello":"world"}',
    });
    assert.equal(sent.statusCode, 202);
    assert.equal((await h.worker.runOnce()).processed, 0, 'a plain connection costs processing nothing');
    const [row] = await historyOf(h, plain.id);
    assert.equal(row?.outcome, 'ACCEPTED');
  });

  test('no flow bound to the connection → TRIGGER_NOT_FOUND; a disabled flow does not count', async (t) => {
    const h = await processingHarness(await fresh(t), t);
    const conn = await h.connection();
    const flow = await h.api('POST', '/api/v1/flows', {
      name: 'off',
      enabled: false,
      trigger: { type: 'webhook_received', connectionId: conn.id },
      actions: [{ type: 'deliver', endpointId: 'ep_1' }],
    });
    assert.equal(flow.status, 201);
    await conn.send({ hello: 'world' });
    await h.worker.runOnce();
    const [row] = await historyOf(h, conn.id);
    assert.equal(row?.outcome, 'TRIGGER_NOT_FOUND');
    assert.match(row?.message ?? '', /^TRIGGER_NOT_FOUND: No enabled flow/);
    assert.equal(h.publisher.calls.length, 0);
  });

  test('a transform that loops forever is stopped by the time limit: failed run, outcome ERROR', async (t) => {
    const h = await processingHarness(await fresh(t), t, { timeoutMs: 200 });
    const conn = await h.connection();
    const looping = await h.api('POST', '/api/v1/flows', {
      name: 'endless',
      trigger: { type: 'webhook_received', connectionId: conn.id },
      transform: '($loop := function($n){ $loop($n + 1) }; $loop(0))',
      actions: [{ type: 'deliver', endpointId: 'ep_1' }],
    });
    const passThrough = await h.api('POST', '/api/v1/flows', {
      name: 'as is',
      trigger: { type: 'webhook_received', connectionId: conn.id },
      actions: [{ type: 'deliver', endpointId: 'ep_2' }],
    });
    await conn.send({ n: 1 });
    await h.worker.runOnce();
    const loopRuns = (
      await h.api('GET', `/api/v1/flows/${(looping.json() as { id: string }).id}/runs`)
    ).json() as {
      items: Run[];
    };
    assert.equal(loopRuns.items.length, 1);
    assert.equal(loopRuns.items[0]?.status, 'failed');
    assert.match(loopRuns.items[0]?.error ?? '', /^TRANSFORM_TIMEOUT: Transform stopped after 200 ms/);
    assert.equal(loopRuns.items[0]?.output, null);
    assert.deepEqual(
      h.publisher.calls.map((call) => [call.endpointId, call.data]),
      [['ep_2', { n: 1 }]],
      'the other flow still delivers',
    );
    const passRuns = (
      await h.api('GET', `/api/v1/flows/${(passThrough.json() as { id: string }).id}/runs`)
    ).json() as {
      items: Run[];
    };
    assert.equal(passRuns.items[0]?.status, 'succeeded');
    const [row] = await historyOf(h, conn.id);
    assert.equal(row?.outcome, 'ERROR');
    assert.match(row?.message ?? '', /^ERROR: Flow endless failed: TRANSFORM_TIMEOUT/);
  });

  test('a refused publish fails the run and names the endpoint', async (t) => {
    const h = await processingHarness(await fresh(t), t);
    const conn = await h.connection();
    h.publisher.refuse.add('ep_gone');
    const flow = await h.api('POST', '/api/v1/flows', {
      name: 'two targets',
      trigger: { type: 'webhook_received', connectionId: conn.id },
      actions: [
        { type: 'deliver', endpointId: 'ep_gone' },
        { type: 'deliver', endpointId: 'ep_ok' },
      ],
    });
    await conn.send({ a: 1 });
    await h.worker.runOnce();
    const runs = (await h.api('GET', `/api/v1/flows/${(flow.json() as { id: string }).id}/runs`)).json() as {
      items: (Run & { actions: { endpointId: string; messageId: string | null; error: string | null }[] })[];
    };
    const run = runs.items[0]!;
    assert.equal(run.status, 'failed');
    assert.equal(run.error, 'ep_gone: NOT_FOUND: No endpoint ep_gone');
    assert.deepEqual(
      run.actions.map((action) => [action.endpointId, action.messageId !== null]),
      [
        ['ep_gone', false],
        ['ep_ok', true],
      ],
    );
    const [call] = h.publisher.calls;
    assert.equal(call?.type, 'webhook.received', 'default event type');
    assert.match(call?.idempotencyKey ?? '', /^flow:flw_/);
  });
});
