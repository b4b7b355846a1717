import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { startSink } from '../delivery/helpers/sink.ts';
import { forEachStore } from '../helpers/each-store.ts';
import { pollUntil } from '../helpers/poll-until.ts';
import { createConnection, testGateway } from '../helpers/test-gateway.ts';

type Json = Record<string, unknown>;

await forEachStore('end to end: inbound → contact → flow → signed delivery', (fresh) => {
  test('an accepted event resolves its contact, runs the flow and is delivered signed to the sink', async (t) => {
    const sink = await startSink();
    t.after(() => sink.close());
    const gw = await testGateway(await fresh(t), {
      workers: true,
      startAt: Date.now(),
      env: { HOOKGATE_ALLOW_PRIVATE_DESTINATIONS: 'true' },
    });
    t.after(() => gw.app.close());
    const api = async (method: string, url: string, body?: unknown) => {
      const response = await gw.api(method, url, body);
      assert.ok(response.status < 300, `${method} ${url}: ${response.status} ${response.body}`);
      return response.json() as Json;
    };

    const contact = (await api('POST', '/api/v1/contacts', { name: 'Zoë', email: 'zoe@example.com' })) as {
      id: string;
    };
    const conn = await createConnection(gw, { mode: 'shared_secret' });
    await api('PUT', `/api/v1/connections/${conn.id}/processing`, {
      identifier: { type: 'email', path: '$.customer.email' },
      onUnknownContact: 'skip',
    });
    const created = (await api('POST', '/api/v1/applications', { name: 'Acme' })) as {
      application: { id: string };
      secret: string;
    };
    const endpoint = (await api('POST', `/api/v1/applications/${created.application.id}/endpoints`, {
      url: sink.url,
      signing: { style: 'standard_webhooks' },
    })) as { endpoint?: { id: string }; id?: string };
    const endpointId = endpoint.endpoint?.id ?? endpoint.id ?? '';
    const flow = (await api('POST', '/api/v1/flows', {
      name: 'paid orders to Acme',
      trigger: { type: 'webhook_received', connectionId: conn.id },
      filter: { match: 'all', conditions: [{ path: '$.status', op: 'eq', value: 'paid' }] },
      transform: '{ "orderId": data.id, "customer": $lowercase(customer.email) }',
      actions: [{ type: 'deliver', endpointId, eventType: 'order.paid' }],
    })) as { id: string };

    const resolvedRows = new Promise<void>((resolve) => {
      const seen = new Set<string>();
      const stop = gw.historyBus.subscribe((row) => {
        if (row.contactId !== null) seen.add(row.id);
        if (seen.size === 2) {
          stop();
          resolve();
        }
      });
    });
    const send = (body: Json) =>
      gw.app.inject({
        method: 'POST',
        url: conn.path,
        headers: { 'x-webhook-secret': conn.secret! },
        payload: body,
      });
    assert.equal(
      (await send({ status: 'pending', data: { id: 41 }, customer: { email: 'ZOE@example.com' } }))
        .statusCode,
      202,
    );
    const paid = await send({ status: 'paid', data: { id: 42 }, customer: { email: 'ZOE@example.com' } });
    assert.equal(paid.statusCode, 202);

    const delivered = await sink.next();
    const envelope = new Webhook(created.secret).verify(
      delivered.body,
      delivered.headers as Record<string, string>,
    ) as {
      type: string;
      data: Json;
      meta: Json;
    };
    assert.equal(envelope.type, 'order.paid');
    assert.deepEqual(envelope.data, { orderId: 42, customer: 'zoe@example.com' });
    assert.equal(envelope.meta.connectionId, conn.id);
    assert.equal(sink.requests.length, 1, 'the pending order was filtered out');

    await resolvedRows;
    const history = (await api('GET', `/api/v1/history?connectionId=${conn.id}`)) as {
      items: { contactId: string | null }[];
    };
    assert.deepEqual(
      history.items.map((row) => row.contactId),
      [contact.id, contact.id],
    );
    const runs = (await api('GET', `/api/v1/flows/${flow.id}/runs`)) as { items: { status: string }[] };
    assert.ok(
      runs.items.some((run) => run.status === 'succeeded'),
      JSON.stringify(runs.items),
    );

    // The attempt is counted once the sink's answer is back (the worker finishes it in the background).
    const attempted = `hookgate_delivery_attempts_total{endpoint="${endpointId}",status="SUCCESS"} 1`;
    const metrics = await pollUntil(
      async () => (await gw.api('GET', '/metrics')).body,
      (text) => text.includes(attempted),
    );
    assert.ok(metrics.includes(attempted), `metrics count the delivery attempt:\n${metrics}`);
    assert.match(metrics, /^hookgate_delivery_duration_seconds_count 1$/m);
    assert.ok(!metrics.includes('status="FAILED"'), 'no failed attempt');
  });
});
