import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startSink } from '../delivery/helpers/sink.ts';
import { forEachStore } from '../helpers/each-store.ts';
import { closeWithStreams, openHistoryStream } from '../helpers/history-stream.ts';
import { createConnection, testGateway } from '../helpers/test-gateway.ts';

interface Forward {
  status: string;
  attempts: number;
  lastStatusCode: number | null;
}

await forEachStore('the live tail shows forward states', (fresh) => {
  test('a new row carries its forward, each recorded attempt follows as an event: forward, a resumed stream reads them', {
    timeout: 20_000,
  }, async (t) => {
    // The backend fails the first attempt and takes the second.
    const sink = await startSink((_request, index) => (index === 0 ? { status: 503 } : { status: 204 }));
    t.after(() => sink.close());
    const gw = await testGateway(await fresh(t), {
      workers: true,
      env: { HOOKGATE_ALLOW_PRIVATE_DESTINATIONS: 'true', HOOKGATE_RETRY_SCHEDULE: '0,0,0' },
    });
    const forwarding = await createConnection(gw, { mode: 'shared_secret' }, { forward: { url: sink.url } });
    const url = await gw.app.listen({ port: 0, host: '127.0.0.1' });
    t.after(() => closeWithStreams(gw.app));

    // A refused request first: the row a resumed stream starts after.
    const refused = await gw.app.inject({
      method: 'POST',
      url: `/webhooks/in/${forwarding.id}`,
      payload: '{}',
    });
    assert.equal(refused.statusCode, 401);
    const [refusedRow] = (
      (await gw.api('GET', `/api/v1/history?connectionId=${forwarding.id}`)).json() as {
        items: { id: string }[];
      }
    ).items;
    assert.ok(refusedRow);

    const stream = await openHistoryStream(url, `?connectionId=${forwarding.id}`);
    const response = await fetch(`${url}/webhooks/in/${forwarding.id}`, {
      method: 'POST',
      headers: { 'x-webhook-secret': forwarding.secret ?? '', 'content-type': 'application/json' },
      body: '{"live":true}',
    });
    assert.equal(response.status, 202);
    const eventId = ((await response.json()) as { id: string }).id;

    const row = await stream.next();
    assert.equal(row.event, 'history');
    const shown = JSON.parse(row.data) as { id: string; eventId: string; forward: Forward | null };
    assert.equal(shown.eventId, eventId);
    assert.deepEqual(
      shown.forward,
      { status: 'pending', attempts: 1, lastStatusCode: null },
      'the new row shows its forward at once (leased for its first attempt in the commit), not null',
    );
    const failed = await stream.next();
    const delivered = await stream.next();
    assert.deepEqual(
      [failed, delivered].map((event) => [event.event, event.id]),
      [
        ['forward', undefined],
        ['forward', undefined],
      ],
      'forward updates carry no id: Last-Event-ID stays a history row',
    );
    assert.deepEqual(JSON.parse(failed.data), {
      eventId,
      connectionId: forwarding.id,
      forward: { status: 'pending', attempts: 1, lastStatusCode: 503 },
    });
    assert.deepEqual(JSON.parse(delivered.data), {
      eventId,
      connectionId: forwarding.id,
      forward: { status: 'delivered', attempts: 2, lastStatusCode: 204 },
    });
    stream.close();

    // A row published without its forward (a processing update; another instance's row) gets the state the
    // store has now; so do the rows a resumed stream replays.
    const stored = await gw.store.getHistory(shown.id);
    assert.ok(stored);
    const another = await openHistoryStream(url, `?connectionId=${forwarding.id}`);
    gw.historyBus.publish(stored);
    const republished = JSON.parse((await another.next()).data) as { forward: Forward | null };
    assert.deepEqual(republished.forward, { status: 'delivered', attempts: 2, lastStatusCode: 204 });
    another.close();

    const resumed = await openHistoryStream(url, `?connectionId=${forwarding.id}`, refusedRow.id);
    const replayed = await resumed.next();
    assert.deepEqual([replayed.event, replayed.id], ['history', shown.id], 'the forwarded row, replayed');
    assert.deepEqual((JSON.parse(replayed.data) as { forward: Forward | null }).forward, {
      status: 'delivered',
      attempts: 2,
      lastStatusCode: 204,
    });
    resumed.close();
  });
});
