import assert from 'node:assert/strict';
import { test } from 'node:test';
import { registerClusterGauges } from '../../src/observability/cluster-gauges.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { forEachStore } from '../helpers/each-store.ts';
import { createConnection, T0, testGateway } from '../helpers/test-gateway.ts';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

interface Aged {
  id: string;
  secretCreatedAt: string | null;
  rotationDueAt: string | null;
  previousSecretExpiresAt: string | null;
  rotationReminderDays?: number | null;
}

await forEachStore('secret age', (fresh) => {
  test('a connection shows when its secret was made, when rotation is due, and the end of a grace period', async (t) => {
    const gw = await testGateway(await fresh(t));
    t.after(() => gw.app.close());
    const { id } = await createConnection(gw, { mode: 'hmac' });
    const show = async () => (await gw.api('GET', `/api/v1/connections/${id}`)).json() as Aged;

    const { secretCreatedAt, rotationDueAt, previousSecretExpiresAt, rotationReminderDays } = await show();
    assert.deepEqual(
      { secretCreatedAt, rotationDueAt, previousSecretExpiresAt, rotationReminderDays },
      {
        secretCreatedAt: iso(T0),
        rotationDueAt: iso(T0 + 90 * DAY),
        previousSecretExpiresAt: null,
        rotationReminderDays: null,
      },
    );

    gw.clock.advance(10 * DAY);
    const rotated = await gw.api('POST', `/api/v1/connections/${id}/rotate`, { graceSeconds: 3600 });
    assert.equal(rotated.status, 200, rotated.body);
    const during = (rotated.json() as { connection: Aged }).connection;
    assert.equal(during.secretCreatedAt, iso(T0 + 10 * DAY));
    assert.equal(during.rotationDueAt, iso(T0 + 100 * DAY));
    assert.equal(during.previousSecretExpiresAt, iso(T0 + 10 * DAY + 3600_000));

    gw.clock.advance(3600_000);
    assert.equal((await show()).previousSecretExpiresAt, null, 'the grace has ended');

    const own = await gw.api('PATCH', `/api/v1/connections/${id}`, { rotationReminderDays: 30 });
    assert.equal((own.json() as Aged).rotationDueAt, iso(T0 + 40 * DAY));
    assert.equal((own.json() as Aged).rotationReminderDays, 30);
    const reset = await gw.api('PATCH', `/api/v1/connections/${id}`, { rotationReminderDays: null });
    assert.equal((reset.json() as Aged).rotationDueAt, iso(T0 + 100 * DAY));
    const refused = await gw.api('PATCH', `/api/v1/connections/${id}`, { rotationReminderDays: 0 });
    assert.equal(refused.status, 400);
  });

  test('?rotationDue=true lists only connections whose reminder period has passed', async (t) => {
    const gw = await testGateway(await fresh(t), { env: { HOOKGATE_ROTATION_REMINDER_DAYS: '30' } });
    t.after(() => gw.app.close());
    const standard = await createConnection(gw, { mode: 'shared_secret' });
    const weekly = await createConnection(gw, { mode: 'shared_secret' }, { rotationReminderDays: 7 });
    gw.clock.advance(2 * DAY);
    const later = await createConnection(gw, { mode: 'shared_secret' });
    const due = async () =>
      ((await gw.api('GET', '/api/v1/connections?rotationDue=true')).json() as { items: Aged[] }).items
        .map((c) => c.id)
        .sort();

    assert.deepEqual(await due(), []);
    gw.clock.set(T0 + 7 * DAY);
    assert.deepEqual(await due(), [weekly.id], 'exactly at created + 7 days');
    gw.clock.set(T0 + 31 * DAY);
    assert.deepEqual(await due(), [standard.id, weekly.id].sort());
    gw.clock.set(T0 + 32 * DAY);
    assert.deepEqual(await due(), [standard.id, weekly.id, later.id].sort());
    await gw.api('POST', `/api/v1/connections/${standard.id}/rotate`, {});
    assert.deepEqual(await due(), [weekly.id, later.id].sort(), 'a rotation starts the period again');
    const all = (await gw.api('GET', '/api/v1/connections?rotationDue=false')).json() as { items: Aged[] };
    assert.equal(all.items.length, 3);
  });

  test('an application shows the age of its signing secret', async (t) => {
    const gw = await testGateway(await fresh(t));
    t.after(() => gw.app.close());
    const created = await gw.api('POST', '/api/v1/applications', { name: 'acme' });
    assert.equal(created.status, 201, created.body);
    const { application } = created.json() as { application: Aged };
    assert.equal(application.secretCreatedAt, iso(T0));
    assert.equal(application.rotationDueAt, iso(T0 + 90 * DAY));
    gw.clock.advance(DAY);
    await gw.api('POST', `/api/v1/applications/${application.id}/rotate`, { graceSeconds: 60 });
    const listed = (await gw.api('GET', '/api/v1/applications')).json() as { items: Aged[] };
    assert.deepEqual(
      listed.items.map(({ secretCreatedAt, rotationDueAt, previousSecretExpiresAt }) => ({
        secretCreatedAt,
        rotationDueAt,
        previousSecretExpiresAt,
      })),
      [
        {
          secretCreatedAt: iso(T0 + DAY),
          rotationDueAt: iso(T0 + 91 * DAY),
          previousSecretExpiresAt: iso(T0 + DAY + 60_000),
        },
      ],
    );
  });

  test('?rotationDue=true lists only applications whose signing secret is due', async (t) => {
    const gw = await testGateway(await fresh(t), { env: { HOOKGATE_ROTATION_REMINDER_DAYS: '30' } });
    t.after(() => gw.app.close());
    const create = async (name: string) =>
      ((await gw.api('POST', '/api/v1/applications', { name })).json() as { application: Aged }).application
        .id;
    const first = await create('first');
    gw.clock.advance(2 * DAY);
    const second = await create('second');
    const due = async () =>
      ((await gw.api('GET', '/api/v1/applications?rotationDue=true')).json() as { items: Aged[] }).items
        .map((a) => a.id)
        .sort();

    assert.deepEqual(await due(), []);
    gw.clock.set(T0 + 30 * DAY);
    assert.deepEqual(await due(), [first], 'exactly at created + 30 days');
    gw.clock.set(T0 + 32 * DAY);
    assert.deepEqual(await due(), [first, second].sort());
    const rotated = await gw.api('POST', `/api/v1/applications/${first}/rotate`, { graceSeconds: 60 });
    assert.equal(rotated.status, 200, rotated.body);
    assert.deepEqual(
      await due(),
      [second],
      'a rotation starts the period again; the retiring secret does not count',
    );
    const all = (await gw.api('GET', '/api/v1/applications?rotationDue=false')).json() as { items: Aged[] };
    assert.equal(all.items.length, 2);
  });

  test('hookgate_secret_age_seconds reports every current secret, read from the store', async (t) => {
    const gw = await testGateway(await fresh(t));
    t.after(() => gw.app.close());
    const connection = await createConnection(gw, { mode: 'hmac' });
    const created = await gw.api('POST', '/api/v1/applications', { name: 'acme' });
    const { application } = created.json() as { application: Aged };
    const metrics = createMetrics();
    registerClusterGauges(metrics.registry, gw.store, { clock: gw.clock, logger: createLogger('silent') });
    const ages = async () =>
      (await metrics.registry.metrics())
        .split('\n')
        .filter((line) => line.startsWith('hookgate_secret_age_seconds{'));

    gw.clock.advance(DAY);
    assert.deepEqual((await ages()).sort(), [
      `hookgate_secret_age_seconds{kind="application",id="${application.id}"} 86400`,
      `hookgate_secret_age_seconds{kind="connection",id="${connection.id}"} 86400`,
    ]);
    await gw.api('POST', `/api/v1/connections/${connection.id}/rotate`, { graceSeconds: 60 });
    gw.clock.advance(DAY);
    assert.deepEqual(
      (await ages()).sort(),
      [
        `hookgate_secret_age_seconds{kind="application",id="${application.id}"} 172800`,
        `hookgate_secret_age_seconds{kind="connection",id="${connection.id}"} 86400`,
      ],
      'the rotated secret is counted from its rotation; the retired one is not reported',
    );
    for (const line of await ages()) assert.doesNotMatch(line, /secret=|whsec_/);
  });
});
