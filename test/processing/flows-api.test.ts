import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachStore } from '../helpers/each-store.ts';
import { processingHarness } from './processing-harness.ts';

type Flow = {
  id: string;
  name: string;
  enabled: boolean;
  trigger: { type: string; connectionId: string };
  filter: unknown;
  transform: string | null;
  actions: { type: string; endpointId: string; eventType: string | null }[];
};

await forEachStore('processing: flows API', (fresh) => {
  test('create, show, list per connection, patch, delete; runs of a missing flow are 404', async (t) => {
    const h = await processingHarness(await fresh(t), t);
    const a = await h.connection();
    const b = await h.connection();
    const body = {
      name: 'first',
      trigger: { type: 'webhook_received', connectionId: a.id },
      filter: { conditions: [{ path: '$.type', op: 'exists' }] },
      actions: [{ type: 'deliver', endpointId: 'ep_1' }],
    };
    const created = await h.api('POST', '/api/v1/flows', body);
    assert.equal(created.status, 201, created.body);
    const flow = created.json() as Flow;
    assert.match(flow.id, /^flw_/);
    assert.deepEqual(
      { ...flow, id: undefined },
      {
        id: undefined,
        name: 'first',
        enabled: true,
        trigger: { type: 'webhook_received', connectionId: a.id },
        filter: { match: 'all', conditions: [{ path: '$.type', op: 'exists' }] },
        transform: null,
        actions: [{ type: 'deliver', endpointId: 'ep_1', eventType: null }],
        createdAt: '2026-01-15T12:00:00.000Z',
        updatedAt: '2026-01-15T12:00:00.000Z',
      },
    );
    await h.api('POST', '/api/v1/flows', {
      ...body,
      name: 'second',
      trigger: { ...body.trigger, connectionId: b.id },
    });
    const all = (await h.api('GET', '/api/v1/flows')).json() as { items: Flow[] };
    assert.deepEqual(
      all.items.map((f) => f.name),
      ['second', 'first'],
    );
    const ofA = (await h.api('GET', `/api/v1/flows?connectionId=${a.id}`)).json() as { items: Flow[] };
    assert.deepEqual(
      ofA.items.map((f) => f.name),
      ['first'],
    );

    h.gw.clock.advance(5000);
    const patched = await h.api('PATCH', `/api/v1/flows/${flow.id}`, {
      enabled: false,
      filter: null,
      transform: '{ "t": type }',
    });
    assert.equal(patched.status, 200, patched.body);
    const after = patched.json() as Flow & { updatedAt: string };
    assert.deepEqual(
      [after.enabled, after.filter, after.transform, after.name],
      [false, null, '{ "t": type }', 'first'],
    );
    assert.equal(after.updatedAt, '2026-01-15T12:00:05.000Z');
    assert.deepEqual((await h.api('GET', `/api/v1/flows/${flow.id}`)).json(), after);

    assert.equal((await h.api('DELETE', `/api/v1/flows/${flow.id}`)).status, 204);
    assert.equal((await h.api('GET', `/api/v1/flows/${flow.id}`)).status, 404);
    assert.equal((await h.api('GET', `/api/v1/flows/${flow.id}/runs`)).status, 404);
    assert.equal((await h.api('PATCH', `/api/v1/flows/${flow.id}`, { name: 'x' })).status, 404);
    assert.equal((await h.api('DELETE', `/api/v1/flows/${flow.id}`)).status, 404);
  });

  test('validation: trigger connection, JSONPath, operands, JSONata syntax, actions', async (t) => {
    const h = await processingHarness(await fresh(t), t);
    const conn = await h.connection();
    const base = {
      name: 'f',
      trigger: { type: 'webhook_received', connectionId: conn.id },
      actions: [{ type: 'deliver', endpointId: 'ep_1' }],
    };
    const expectError = async (body: unknown, pattern: RegExp) => {
      const reply = await h.api('POST', '/api/v1/flows', body);
      assert.equal(reply.status, 400, reply.body);
      assert.match((reply.json() as { message: string }).message, pattern);
    };
    await expectError(
      { ...base, trigger: { type: 'webhook_received', connectionId: 'con_nope' } },
      /no connection con_nope/,
    );
    await expectError(
      {
        ...base,
        actions: [
          { type: 'deliver', endpointId: 'ep_1' },
          { type: 'deliver', endpointId: 'ep_nope' },
        ],
      },
      /^VALIDATION_ERROR: actions\.1\.endpointId: no endpoint ep_nope/,
    );
    await expectError(
      { ...base, trigger: { type: 'schedule', connectionId: conn.id } },
      /^VALIDATION_ERROR: body\.trigger\.type/,
    );
    await expectError(
      { ...base, filter: { conditions: [{ path: 'type', op: 'eq', value: 1 }] } },
      /starting with \$/,
    );
    await expectError(
      { ...base, filter: { conditions: [{ path: '$.type', op: 'eq' }] } },
      /value is required for eq/,
    );
    await expectError(
      { ...base, filter: { conditions: [{ path: '$.type', op: 'in', value: 'x' }] } },
      /must be an array for in/,
    );
    await expectError(
      { ...base, filter: { conditions: [{ path: '$.type', op: 'like', value: 'x' }] } },
      /op/,
    );
    await expectError({ ...base, transform: '{ "a": ' }, /transform is not valid JSONata \(S0/);
    await expectError({ ...base, actions: [] }, /actions/);
    await expectError({ ...base, actions: [{ type: 'email', to: 'x' }] }, /actions/);
    const created = (await h.api('POST', '/api/v1/flows', base)).json() as Flow;
    const patch = await h.api('PATCH', `/api/v1/flows/${created.id}`, { transform: '$$$(' });
    assert.equal(patch.status, 400);
  });
});
