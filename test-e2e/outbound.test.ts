import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { adminCall, inPage, signIn } from './admin-api.ts';
import { type Browser, browserUnavailable, launchBrowser } from './browser.ts';
import { buildDashboard, type RunningGateway, startGateway } from './gateway.ts';

let gateway: RunningGateway;
let browser: Browser;
let page: Page;
let sink: Server;
/** What the receiver answers next, and the Authorization headers it saw. */
const receiver = { status: 500, body: '{"error":"receiver down"}', authorizations: [] as string[] };
const state = { sinkUrl: '', applicationId: '', endpointId: '', appSecret: '', token: '' };

async function publish(type: string, data: unknown): Promise<void> {
  const { status } = await adminCall(gateway, 'POST', '/messages', {
    applicationId: state.applicationId,
    type,
    data,
  });
  assert.equal(status, 202);
}

/** Clicks the deliveries' or attempts' Refresh until `selector` matches a row. */
async function refreshUntil(selector: string): Promise<void> {
  const panel = selector.includes('attempts') ? 'Refresh attempts' : 'Refresh deliveries';
  for (let i = 0; i < 60 && (await page.locator(selector).count()) === 0; i += 1) {
    await page.getByRole('button', { name: panel }).click();
    await page.waitForTimeout(250);
  }
  await page.locator(selector).first().waitFor();
}

function secretInPage(secret: string): Promise<boolean> {
  return inPage(page, secret);
}

describe('outbound end to end', { timeout: 120_000, skip: browserUnavailable() ?? false }, () => {
  before(async () => {
    sink = createServer((request, response) => {
      receiver.authorizations.push(String(request.headers.authorization));
      request.resume();
      request.on('end', () =>
        response.writeHead(receiver.status, { 'content-type': 'application/json' }).end(receiver.body),
      );
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    const address = sink.address();
    state.sinkUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hooks/acme`;
    buildDashboard();
    gateway = await startGateway({ env: { HOOKGATE_ALLOW_PRIVATE_DESTINATIONS: 'true' } });
    browser = await launchBrowser();
    page = browser.page;
    await signIn(page, gateway, '/outbound', 'Outbound');
  });

  after(async () => {
    await browser?.close();
    await gateway?.stop();
    await new Promise((resolve) => sink?.close(resolve));
  });

  it('creates an application and shows its signing secret once', async () => {
    await page.getByText('No applications yet.').waitFor();
    await page.getByRole('button', { name: 'New application' }).click();
    await page.getByRole('dialog', { name: 'New application' }).getByLabel('Name').fill('Acme');
    await page.getByRole('button', { name: 'Create application' }).click();
    const reveal = page.getByRole('dialog', { name: /created/ });
    state.appSecret = ((await reveal.getByTestId('new-secret').textContent()) ?? '').trim();
    assert.equal(state.appSecret.length, 64);
    await browser.screenshot('22-application-secret-once');
    await reveal.getByRole('button', { name: 'I have saved the secret' }).click();
    assert.equal(await secretInPage(state.appSecret), false, 'secret still in the DOM');
    const preview = `${state.appSecret.slice(0, 6)}…${state.appSecret.slice(-4)}`;
    assert.equal(await page.getByTestId('secret-preview').first().textContent(), preview);
    await browser.screenshot('23-applications');
  });

  it('adds an endpoint with its own bearer token, shown once', async () => {
    await page.getByRole('link', { name: 'Acme' }).click();
    await page.getByRole('heading', { name: 'Acme' }).waitFor();
    state.applicationId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    await page.getByText('No endpoints yet.').waitFor();
    await page.getByRole('button', { name: 'New endpoint' }).click();
    const form = page.getByRole('dialog', { name: 'New endpoint' });
    await form.getByLabel('URL').fill(state.sinkUrl);
    await form.getByLabel('Description (optional)').fill('Acme production');
    await form.getByLabel('Style').selectOption('bearer');
    await form.getByLabel('Retry schedule (optional)').fill('0');
    await browser.screenshot('24-endpoint-form');
    await form.getByRole('button', { name: 'Create endpoint' }).click();
    const reveal = page.getByRole('dialog', { name: 'Endpoint created' });
    state.token = ((await reveal.getByTestId('new-secret').textContent()) ?? '').trim();
    assert.ok(state.token.length >= 20);
    await reveal.getByRole('button', { name: 'I have saved the secret' }).click();
    assert.equal(await secretInPage(state.token), false);
    await page
      .getByRole('row', { name: /Acme production/ })
      .getByText('Bearer token')
      .waitFor();
    await browser.screenshot('25-application');
  });

  it('shows a failed delivery with the response, then replays it', async () => {
    await publish('order.paid', { orderId: 42 });
    await page.getByRole('link', { name: /hooks\/acme/ }).click();
    await page.getByRole('heading', { name: /Acme production/ }).waitFor();
    state.endpointId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    await refreshUntil('table.deliveries-table tr[data-state="DEAD_LETTER"]');
    await refreshUntil('table.attempts-table tr[data-status="FAILED"]');
    assert.equal(receiver.authorizations[0], `Bearer ${state.token}`);
    await page.locator('table.attempts-table tbody tr').first().getByRole('button').click();
    const detail = page.getByRole('region', { name: 'Attempt detail' });
    await detail.getByText('HTTP 500').first().waitFor();
    await detail.getByTestId('response-body').getByText('"receiver down"', { exact: false }).waitFor();
    await browser.screenshot('26-endpoint-failed-attempt', { fullPage: true });

    receiver.status = 200;
    receiver.body = '{"ok":true}';
    await page
      .getByRole('button', { name: /^Replay message / })
      .first()
      .click();
    await page.getByText(/queued again/).waitFor();
    await refreshUntil('table.deliveries-table tr[data-state="SUCCESS"]');
    await refreshUntil('table.attempts-table tr[data-status="SUCCESS"]');
  });

  it('replays every failed delivery since a time', async () => {
    receiver.status = 503;
    await publish('order.paid', { orderId: 43 });
    await publish('order.paid', { orderId: 44 });
    await page.getByLabel('State').selectOption('DEAD_LETTER');
    await refreshUntil('table.deliveries-table tbody tr:nth-child(2)');
    receiver.status = 200;
    await page.getByRole('button', { name: 'Replay failed' }).click();
    const dialog = page.getByRole('dialog', { name: 'Replay failed deliveries' });
    await dialog.getByLabel('Created in').selectOption({ label: 'the last hour' });
    await dialog.getByRole('button', { name: 'Replay failed' }).click();
    await dialog.getByText('2 deliveries queued again.').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.getByLabel('State').selectOption('SUCCESS');
    await refreshUntil('table.deliveries-table tbody tr:nth-child(3)');
    await browser.screenshot('27-endpoint-delivered', { fullPage: true });
  });

  it('rotates the endpoint token: the new one is shown once and used', async () => {
    await page.getByRole('button', { name: 'Rotate credential' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rotate the endpoint credential' });
    await dialog.getByLabel(/every receiver must be updated/).check();
    await dialog.getByRole('button', { name: 'Rotate secret' }).click();
    const reveal = page.getByRole('dialog', { name: 'Credential rotated' });
    const token = ((await reveal.getByTestId('new-secret').textContent()) ?? '').trim();
    assert.notEqual(token, state.token);
    await reveal.getByRole('button', { name: 'I have saved the secret' }).click();
    assert.equal(await secretInPage(token), false);
    await publish('order.paid', { orderId: 45 });
    const deadline = Date.now() + 10_000;
    while (!receiver.authorizations.includes(`Bearer ${token}`) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(receiver.authorizations.includes(`Bearer ${token}`), 'the receiver never saw the new token');
  });
});
