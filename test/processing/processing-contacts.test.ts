import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachStore } from '../helpers/each-store.ts';
import { historyOf, processingHarness } from './processing-harness.ts';

type Contact = {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  chatId: string | null;
  attributes: Record<string, unknown>;
};

await forEachStore('processing: contacts', (fresh) => {
  test('CRUD: identifiers are normalized, unique, and looked up normalized', async (t) => {
    const h = await processingHarness(await fresh(t), t);
    const created = await h.api('POST', '/api/v1/contacts', {
      name: 'Ada',
      phone: '0151 1234 5678',
      defaultCountry: 'DE',
      email: ' Ada.Lovelace@Example.com ',
      chatId: 12345,
      attributes: { tier: 'gold' },
    });
    assert.equal(created.status, 201, created.body);
    const ada = created.json() as Contact;
    assert.equal(ada.phone, '+4915112345678');
    assert.equal(ada.email, 'ada.lovelace@example.com');
    assert.equal(ada.chatId, '12345');
    assert.deepEqual(ada.attributes, { tier: 'gold' });

    const clash = await h.api('POST', '/api/v1/contacts', { email: 'ADA.LOVELACE@example.com' });
    assert.equal(clash.status, 409, 'email is unique case-insensitively');
    const sameNumber = await h.api('POST', '/api/v1/contacts', { phone: '+49 151 12345678' });
    assert.equal(sameNumber.status, 409, 'the same number written differently is the same phone');
    const bad = await h.api('POST', '/api/v1/contacts', { phone: '12' });
    assert.equal(bad.status, 400);
    assert.match((bad.json() as { message: string }).message, /^VALIDATION_ERROR: phone: /);
    assert.equal((await h.api('POST', '/api/v1/contacts', { name: 'nobody' })).status, 400);

    const byEmail = await h.api('GET', '/api/v1/contacts?email=ADA.LOVELACE%40EXAMPLE.COM');
    assert.deepEqual(
      (byEmail.json() as { items: Contact[] }).items.map((c) => c.id),
      [ada.id],
    );
    const byPhone = await h.api('GET', `/api/v1/contacts?phone=${encodeURIComponent('+49 (151) 1234-5678')}`);
    assert.deepEqual(
      (byPhone.json() as { items: Contact[] }).items.map((c) => c.id),
      [ada.id],
    );

    const patched = await h.api('PATCH', `/api/v1/contacts/${ada.id}`, { name: 'Ada L.', chatId: null });
    assert.equal(patched.status, 200);
    assert.equal((patched.json() as Contact).name, 'Ada L.');
    assert.equal((patched.json() as Contact).chatId, null);
    assert.equal((patched.json() as Contact).email, 'ada.lovelace@example.com', 'absent fields stay');
    assert.equal((await h.api('GET', `/api/v1/contacts/${ada.id}`)).status, 200);
    assert.equal((await h.api('DELETE', `/api/v1/contacts/${ada.id}`)).status, 204);
    assert.equal((await h.api('GET', `/api/v1/contacts/${ada.id}`)).status, 404);
    assert.equal((await h.api('PATCH', `/api/v1/contacts/${ada.id}`, { name: 'x' })).status, 404);
  });

  test('import creates, merges by any identifier, reports bad rows and conflicts per row', async (t) => {
    const h = await processingHarness(await fresh(t), t);
    const existing = (
      await h.api('POST', '/api/v1/contacts', { email: 'grace@example.com' })
    ).json() as Contact;
    const other = (await h.api('POST', '/api/v1/contacts', { phone: '+14155552671' })).json() as Contact;
    const imported = await h.api('POST', '/api/v1/contacts/import', {
      defaultCountry: 'US',
      contacts: [
        { name: 'Grace', email: 'GRACE@example.com', phone: '(202) 555-0143', attributes: { vip: true } },
        { name: 'Linus', chatId: 'tg-1' },
        { phone: 'not a phone' },
        { email: 'grace@example.com', phone: '415 555 2671' },
        { name: 'Linus again', chatId: 'tg-1', email: 'linus@example.com' },
        {},
      ],
    });
    assert.equal(imported.status, 200, imported.body);
    const result = imported.json() as {
      created: number;
      updated: number;
      failed: number;
      results: { index: number; status: string; id: string | null; message: string | null }[];
    };
    assert.deepEqual(
      result.results.map((r) => [r.index, r.status]),
      [
        [0, 'updated'],
        [1, 'created'],
        [2, 'failed'],
        [3, 'failed'],
        [4, 'updated'],
        [5, 'failed'],
      ],
    );
    assert.deepEqual([result.created, result.updated, result.failed], [1, 2, 3]);
    assert.equal(result.results[0]?.id, existing.id);
    assert.match(result.results[2]?.message ?? '', /^VALIDATION_ERROR: phone: /);
    assert.match(result.results[3]?.message ?? '', /^CONFLICT: identifiers belong to different contacts/);
    assert.equal(result.results[4]?.id, result.results[1]?.id, 'the second Linus row merges into the first');
    const grace = (await h.api('GET', `/api/v1/contacts/${existing.id}`)).json() as Contact;
    assert.deepEqual([grace.name, grace.phone, grace.attributes], ['Grace', '+12025550143', { vip: true }]);
    const unchanged = (await h.api('GET', `/api/v1/contacts/${other.id}`)).json() as Contact;
    assert.equal(unchanged.email, null);
    const list = (await h.api('GET', '/api/v1/contacts?limit=2')).json() as {
      items: Contact[];
      nextCursor: string;
    };
    assert.equal(list.items.length, 2);
    const rest = (await h.api('GET', `/api/v1/contacts?limit=2&cursor=${list.nextCursor}`)).json() as {
      items: Contact[];
      nextCursor: string | null;
    };
    assert.equal(rest.items.length, 1);
    assert.equal(rest.nextCursor, null);
  });

  test('IDENTIFIER_NOT_FOUND with skip; policy create makes the contact; phones and emails match normalized', async (t) => {
    const h = await processingHarness(await fresh(t), t);
    const conn = await h.connection();
    await h.api('POST', '/api/v1/flows', {
      name: 'all',
      trigger: { type: 'webhook_received', connectionId: conn.id },
      actions: [{ type: 'deliver', endpointId: 'ep_1' }],
    });
    const known = (await h.api('POST', '/api/v1/contacts', { phone: '+4915112345678' })).json() as Contact;
    const put = (policy: string) =>
      h.api('PUT', `/api/v1/connections/${conn.id}/processing`, {
        identifier: { type: 'phone', path: '$.from.phone', defaultCountry: 'DE' },
        onUnknownContact: policy,
      });
    assert.equal((await put('skip')).status, 200);
    await conn.send({ from: { phone: '0151 12345678' } });
    await conn.send({ from: { phone: 4915112345678 } });
    await conn.send({ from: { phone: '+33 6 12 34 56 78' } });
    await conn.send({ from: {} });
    await h.worker.runOnce();
    const skipped = await historyOf(h, conn.id);
    assert.deepEqual(
      skipped.map((row) => [row.outcome, row.contactId]),
      [
        ['ACCEPTED', known.id],
        ['ACCEPTED', known.id],
        ['IDENTIFIER_NOT_FOUND', null],
        ['IDENTIFIER_NOT_FOUND', null],
      ],
    );
    assert.equal(skipped[2]?.message, 'IDENTIFIER_NOT_FOUND: No contact with phone +33612345678');
    assert.equal(skipped[3]?.message, 'IDENTIFIER_NOT_FOUND: No value at $.from.phone');
    assert.equal(h.publisher.calls.length, 2, 'flows do not run for an unresolved contact');

    const settings = (await put('create')).json() as { onUnknownContact: string };
    assert.equal(settings.onUnknownContact, 'create');
    await conn.send({ from: { phone: '+33 6 12 34 56 78' } });
    await conn.send({ from: { phone: '+33612345678' } });
    await h.worker.runOnce();
    const rows = (await historyOf(h, conn.id)).slice(4);
    assert.equal(rows[0]?.outcome, 'ACCEPTED');
    assert.match(rows[0]?.message ?? '', /^Contact ctc_\w+ created; Flow runs: 1 succeeded$/);
    assert.ok(rows[0]?.contactId);
    assert.equal(rows[1]?.contactId, rows[0]?.contactId, 'the created contact is found by the next event');
    const created = (await h.api('GET', `/api/v1/contacts/${rows[0]?.contactId}`)).json() as Contact;
    assert.equal(created.phone, '+33612345678');

    await h.api('PUT', `/api/v1/connections/${conn.id}/processing`, {
      identifier: { type: 'email', path: '$.user.email' },
      onUnknownContact: 'create',
    });
    await conn.send({ user: { email: 'New.Person@Example.com' } });
    await conn.send({ user: { email: 'new.person@example.COM' } });
    await h.worker.runOnce();
    const [first, second] = (await historyOf(h, conn.id)).slice(6);
    assert.ok(first?.contactId);
    assert.equal(second?.contactId, first?.contactId, 'emails match case-insensitively');
  });
});
