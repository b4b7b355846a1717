import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { adminCall, signIn } from './admin-api.ts';
import { type Browser, browserUnavailable, launchBrowser } from './browser.ts';
import { buildDashboard, type RunningGateway, startGateway } from './gateway.ts';

let gateway: RunningGateway;
let browser: Browser;
let page: Page;
/** The connection every scenario uses, created through the API (its UI is covered by dashboard.test.ts). */
const state = { connectionId: '', secret: '' };

const ORDER = {
  type: 'order.paid',
  data: {
    id: 'ord_1001',
    amount: 4200,
    customer: { name: 'Ada Lovelace', email: 'Ada@Example.com', phone: '+4915112345678' },
    items: [{ sku: 'A-1', qty: 2 }],
  },
};

function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  return adminCall<T>(gateway, method, path, body).then((answer) => answer.json);
}

type Saved = { identifier: unknown; onUnknownContact: string };
/** What the processing API has stored for the connection. */
const savedSettings = () => api<Saved>('GET', `/connections/${state.connectionId}/processing`);

async function send(body: unknown): Promise<number> {
  const response = await fetch(`${gateway.url}/webhooks/in/${state.connectionId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-webhook-secret': state.secret },
    body: JSON.stringify(body),
  });
  return response.status;
}

/** Polls the schema API until the worker kept a sample. */
async function sampleCaptured(timeoutMs: number): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    const schema = await api<{ capturedAt: string | null }>(
      'GET',
      `/connections/${state.connectionId}/schema`,
    );
    if (schema.capturedAt) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

describe('processing and flows end to end', { timeout: 120_000, skip: browserUnavailable() ?? false }, () => {
  before(async () => {
    buildDashboard();
    // Private destinations: the flow's endpoint is a local address (nothing listens; delivery is not tested here).
    gateway = await startGateway({ env: { HOOKGATE_ALLOW_PRIVATE_DESTINATIONS: 'true' } });
    browser = await launchBrowser();
    page = browser.page;
    const created = await api<{ connection: { id: string }; secret: string }>('POST', '/connections', {
      name: 'Shop orders',
      auth: { mode: 'shared_secret' },
    });
    state.connectionId = created.connection.id;
    state.secret = created.secret;
    const { application } = await api<{ application: { id: string } }>('POST', '/applications', {
      name: 'CRM',
    });
    const endpoint = { url: 'http://127.0.0.1:9/crm', description: 'CRM inbox' };
    await api('POST', `/applications/${application.id}/endpoints`, endpoint);
    await signIn(page, gateway, '/connections', 'Connections');
  });

  after(async () => {
    await browser?.close();
    await gateway?.stop();
  });

  it('captures a sample, shows its fields and picks the identifier by clicking one', async () => {
    await page.getByRole('link', { name: 'Shop orders' }).click();
    await page.getByRole('heading', { name: 'Processing' }).waitFor();
    await page.getByText('No sample yet.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Capture next request' }).click();
    await page.getByText('Waiting for the next accepted request', { exact: false }).waitFor();
    await browser.screenshot('12-capture-waiting');

    assert.equal(await send(ORDER), 202);
    assert.ok(await sampleCaptured(10_000), 'the gateway kept no sample within 10 s');
    const sample = page.getByTestId('sample-json');
    await sample.getByText('"order.paid"', { exact: false }).waitFor();
    await page.getByText(/^Sample captured .+\.$/).waitFor();
    await page.locator('table.history-table tbody tr[data-outcome="SAMPLE_CAPTURED"]').waitFor();
    const fields = page.locator('table.fields-table');
    await fields.getByRole('row', { name: /\$\.data\.amount.*integer.*4200/ }).waitFor();
    await fields.getByRole('row', { name: /\$\.data\.items\[\*\]\.sku/ }).waitFor();
    await browser.screenshot('13-sample-and-fields', { fullPage: true });

    await page.getByRole('button', { name: 'Use $.data.customer.email as the contact identifier' }).click();
    const dialog = page.getByRole('dialog', { name: 'Contact identifier' });
    assert.equal(await dialog.getByLabel('JSONPath').inputValue(), '$.data.customer.email');
    assert.equal(await dialog.getByLabel('Identifier type').inputValue(), 'email');
    await dialog.getByText('In the sample: "Ada@Example.com"', { exact: false }).waitFor();
    await browser.screenshot('14-identifier-dialog');
    await dialog.getByRole('button', { name: 'Save identifier' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.reload();
    await page.getByRole('heading', { name: 'Processing' }).waitFor();
    assert.equal(await page.getByTestId('identifier-path').textContent(), '$.data.customer.email');
    await page.locator('table.fields-table tr.selected').getByText('Identifier').waitFor();
    const email = { type: 'email', path: '$.data.customer.email', defaultCountry: null };
    assert.deepEqual((await savedSettings()).identifier, email);
    await browser.screenshot('15-identifier-saved', { fullPage: true });
  });

  it('enters an identifier JSONPath by hand; a reload shows it saved', async () => {
    const settings = page.getByTestId('identifier-settings');
    await settings.getByRole('button', { name: /Edit identifier|Enter a JSONPath/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Contact identifier' });
    await dialog.getByLabel('JSONPath').fill('$.data.customer.phone');
    await dialog.getByLabel('Identifier type').selectOption('phone');
    await dialog.getByLabel('Default country (optional)').fill('de');
    await dialog.getByLabel('When no contact matches').selectOption('create');
    await dialog.getByRole('button', { name: 'Save identifier' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.reload();
    await page.getByTestId('identifier-path').getByText('$.data.customer.phone').waitFor();
    await settings.getByText('DE', { exact: true }).waitFor();
    await settings.getByText('Create the contact').waitFor();
    const saved = await savedSettings();
    assert.deepEqual(saved.identifier, {
      type: 'phone',
      path: '$.data.customer.phone',
      defaultCountry: 'DE',
    });
    assert.equal(saved.onUnknownContact, 'create');
  });

  it('creates a flow bound to the connection and lists it', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Flows' }).click();
    await page.getByRole('heading', { name: 'Flows' }).waitFor();
    await page.getByText('No flows yet.').waitFor();
    await page.getByRole('button', { name: 'New flow' }).click();
    const dialog = page.getByRole('dialog', { name: 'New flow' });
    await dialog.getByLabel('Name', { exact: true }).fill('Paid orders to CRM');
    assert.equal(await dialog.getByLabel('When a request is accepted on').inputValue(), state.connectionId);
    await dialog.getByRole('button', { name: 'Add condition' }).click();
    await dialog.getByLabel('Condition 1 path').fill('$.type');
    await dialog.getByLabel('Condition 1 value').fill('order.paid');
    await dialog.getByRole('button', { name: 'Add condition' }).click();
    await dialog.getByLabel('Condition 2 path').fill('$.data.amount');
    await dialog.getByLabel('Condition 2 operator').selectOption('gt');
    await dialog.getByLabel('Condition 2 value').fill('1000');
    const transform = '{ "order": data.id, "contact": $contact.id }';
    await dialog.getByLabel('Transform (optional JSONata)').fill(transform);
    await dialog.getByLabel('Delivery 1 endpoint').selectOption({ label: 'CRM: CRM inbox' });
    await dialog.getByLabel('Delivery 1 event type (optional)').fill('order.synced');
    await browser.screenshot('16-flow-form');
    await dialog.getByRole('button', { name: 'Create flow' }).click();
    await dialog.waitFor({ state: 'detached' });

    const row = page.getByRole('row', { name: /Paid orders to CRM/ });
    await row.getByText('Shop orders').waitFor();
    await row.getByText('2 conditions, all must hold').waitFor();
    await row.getByText('CRM: CRM inbox').waitFor();
    await row.getByText('(order.synced)').waitFor();
    const [flow] = (await api<{ items: { trigger: unknown; filter: unknown }[] }>('GET', '/flows')).items;
    assert.deepEqual(flow?.trigger, { type: 'webhook_received', connectionId: state.connectionId });
    const amount = { path: '$.data.amount', op: 'gt', value: 1000 };
    const type = { path: '$.type', op: 'eq', value: 'order.paid' };
    assert.deepEqual(flow?.filter, { match: 'all', conditions: [type, amount] });
    await browser.screenshot('17-flows-list');
  });

  it('shows the flow and its runs', async () => {
    await page.getByRole('link', { name: 'Paid orders to CRM' }).click();
    await page.getByRole('heading', { name: /Paid orders to CRM/ }).waitFor();
    await page.getByText('$.data.amount > 1000').waitFor();
    await page.getByText('No runs yet.').waitFor();
    assert.equal(await send(ORDER), 202);
    const run = page.locator('table.run-table tbody tr').first();
    for (let i = 0; i < 40 && (await run.count()) === 0; i += 1) {
      await page.getByRole('button', { name: 'Refresh runs' }).click();
      await page.waitForTimeout(250);
    }
    assert.equal(await run.getAttribute('data-status'), 'succeeded');
    await run.getByRole('button').click();
    const detail = page.getByRole('region', { name: 'Run detail' });
    await detail.getByTestId('run-input').getByText('"ord_1001"', { exact: false }).waitFor();
    await detail.getByTestId('run-output').getByText('"order": "ord_1001"', { exact: false }).waitFor();
    await detail.getByText(/^Published msg_/).waitFor();
    await browser.screenshot('18-flow-runs');
  });
});
