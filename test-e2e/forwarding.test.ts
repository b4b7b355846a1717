import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { adminCall, inPage, signIn } from './admin-api.ts';
import { type Browser, browserUnavailable, launchBrowser } from './browser.ts';
import { buildDashboard, type RunningGateway, startGateway } from './gateway.ts';

let gateway: RunningGateway;
let browser: Browser;
let page: Page;
let sink: Server;
/** What the backend answers next, and what it received. */
const backend = { status: 500, received: [] as { headers: IncomingHttpHeaders; body: string }[] };
const state = { sinkUrl: '', connectionId: '', secret: '', forwardSecret: '', eventId: '' };

/** Reloads the history page until `text` shows (forwards finish in the background). */
async function reloadUntil(text: string): Promise<void> {
  for (let i = 0; i < 60 && (await page.getByText(text).count()) === 0; i += 1) {
    await page.reload();
    await page.getByRole('heading', { name: 'History' }).waitFor();
    await page.waitForTimeout(250);
  }
  await page.getByText(text).first().waitFor();
}

describe('forwarding end to end', { timeout: 120_000, skip: browserUnavailable() ?? false }, () => {
  before(async () => {
    sink = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        backend.received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(backend.status).end();
      });
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    const address = sink.address();
    state.sinkUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hooks`;
    buildDashboard();
    gateway = await startGateway({
      env: { HOOKGATE_ALLOW_PRIVATE_DESTINATIONS: 'true', HOOKGATE_RETRY_SCHEDULE: '0' },
    });
    const created = await adminCall<{ connection: { id: string }; secret: string }>(
      gateway,
      'POST',
      '/connections',
      { name: 'Stripe production', auth: { mode: 'shared_secret' } },
    );
    state.connectionId = created.json.connection.id;
    state.secret = created.json.secret;
    browser = await launchBrowser();
    page = browser.page;
    await signIn(page, gateway, `/connections/${state.connectionId}`, 'Stripe production');
  });

  after(async () => {
    await browser?.close();
    await gateway?.stop();
    await new Promise((resolve) => sink?.close(resolve));
  });

  it('sets up forwarding on the connection page and shows the forward secret once', async () => {
    await page.getByRole('button', { name: 'Set up forwarding' }).click();
    const form = page.getByRole('dialog', { name: 'Forward events to your backend' });
    await form.getByLabel('Forward URL').fill(state.sinkUrl);
    await form.getByRole('button', { name: 'Start forwarding' }).click();
    const reveal = page.getByRole('dialog', { name: 'Forwarding is on' });
    state.forwardSecret = ((await reveal.getByTestId('new-secret').textContent()) ?? '').trim();
    assert.match(state.forwardSecret, /^whsec_/);
    await browser.screenshot('40-forward-secret-once');
    await reveal.getByRole('button', { name: 'I have saved the secret' }).click();
    assert.equal(await inPage(page, state.forwardSecret), false, 'secret still in the DOM');
    await page.getByTestId('forward-card').getByText(state.sinkUrl).waitFor();
    await browser.screenshot('41-connection-forwarding', { fullPage: true });
  });

  it('shows a dead forward in the history, its attempts, and redelivers it after a confirmation', async () => {
    const response = await fetch(`${gateway.url}/webhooks/in/${state.connectionId}`, {
      method: 'POST',
      headers: { 'x-webhook-secret': state.secret, 'content-type': 'application/json' },
      body: '{"type":"invoice.paid","amount":42}',
    });
    assert.equal(response.status, 202);
    state.eventId = ((await response.json()) as { id: string }).id;
    await page.goto(`${gateway.url}/history`);
    await reloadUntil('Dead');
    await page
      .getByRole('link', { name: /Details of the request/ })
      .first()
      .click();
    const forward = page.getByRole('region', { name: 'Forward' });
    await forward.locator('tr[data-status="failed"]').first().waitFor();
    await browser.screenshot('42-forward-dead-attempts', { fullPage: true });

    backend.status = 204;
    await forward.getByRole('button', { name: 'Redeliver' }).click();
    await page
      .getByRole('dialog', { name: 'Redeliver this event?' })
      .getByRole('button', { name: 'Redeliver' })
      .click();
    await forward.getByText('Redelivery queued.').waitFor();
    await reloadUntil('Delivered · 2 attempts');
    await browser.screenshot('43-forward-redelivered', { fullPage: true });

    const last = backend.received.at(-1);
    assert.ok(last);
    assert.equal(last.headers['webhook-id'], state.eventId);
    assert.equal(last.headers['x-webhook-secret'], undefined, 'the credential is never forwarded');
    const headers = last.headers as Record<string, string>;
    assert.deepEqual(new Webhook(state.forwardSecret).verify(last.body, headers), {
      type: 'invoice.paid',
      amount: 42,
    });
  });
});
