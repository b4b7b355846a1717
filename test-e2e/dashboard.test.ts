import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { type Browser, browserUnavailable, launchBrowser, SCREENSHOTS } from './browser.ts';
import { buildDashboard, type RunningGateway, startGateway } from './gateway.ts';

let gateway: RunningGateway;
let browser: Browser;
let page: Page;
/** State carried between the scenarios, which run in order against one gateway. */
const state = { connectionId: '', firstSecret: '', secondSecret: '' };
/** What chromium reported as blocked by the dashboard's Content-Security-Policy. */
const cspViolations: string[] = [];

async function send(secret: string, body: unknown): Promise<Response> {
  return fetch(`${gateway.url}/webhooks/in/${state.connectionId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-webhook-secret': secret },
    body: JSON.stringify(body),
  });
}

/** Waits until the history table's newest rows have these outcomes, in order (live tail, no reload). */
async function waitForNewestOutcomes(outcomes: readonly string[]): Promise<void> {
  await page.waitForFunction((expected) => {
    const rows = Array.from(document.querySelectorAll('table.history-table tbody tr'));
    return expected.every((outcome, i) => rows[i]?.getAttribute('data-outcome') === outcome);
  }, outcomes);
}

/** True when `secret` appears anywhere in the page: markup, text, form values or session storage. */
function secretInPage(secret: string): Promise<boolean> {
  return page.evaluate((value) => {
    const inputs = Array.from(document.querySelectorAll('input, textarea'));
    const stored = Object.keys(sessionStorage).map((key) => sessionStorage.getItem(key) ?? '');
    return (
      document.documentElement.outerHTML.includes(value) ||
      inputs.some((input) => (input as HTMLInputElement).value.includes(value)) ||
      stored.some((item) => item.includes(value))
    );
  }, secret);
}

describe('dashboard end to end', { timeout: 120_000, skip: browserUnavailable() ?? false }, () => {
  before(async () => {
    buildDashboard();
    // Loopback may relay for remote clients: how a request counts as sent over plain HTTP (insecure transport).
    gateway = await startGateway({ env: { HOOKGATE_TRUSTED_PROXIES: '127.0.0.1' } });
    browser = await launchBrowser();
    page = browser.page;
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
  });

  after(async () => {
    await browser?.close();
    await gateway?.stop();
  });

  it('a wrong token shows the API sign-in error', async () => {
    await page.goto(gateway.url);
    await browser.screenshot('01-sign-in');
    const expected = (
      (await await fetch(`${gateway.url}/api/v1/connections?limit=1`, {
        headers: { authorization: 'Bearer not-the-token' },
      }).then((r) => r.json())) as { message: string }
    ).message;

    await page.getByLabel('Admin token').fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.equal(await alert.textContent(), expected);
    await browser.screenshot('02-sign-in-error');
  });

  it('signs in with the admin token', async () => {
    await page.getByLabel('Admin token').fill(gateway.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    await page.getByText('No requests in this window.').waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Connections' }).click();
    await page.getByRole('heading', { name: 'Connections' }).waitFor();
    await page.getByText('No connections yet.').waitFor();
    assert.ok(!page.url().includes(gateway.token), 'token must never be in the URL');
    const cookies = await browser.context.cookies();
    assert.ok(
      !cookies.some((cookie) => cookie.value.includes(gateway.token)),
      'token must never be in a cookie',
    );
    await browser.screenshot('03-connections-empty');
  });

  it('creates a shared_secret connection and shows its secret once', async () => {
    await page.getByRole('button', { name: 'New connection' }).click();
    const form = page.getByRole('dialog', { name: 'New connection' });
    await form.getByLabel('Name').fill('Make scenario');
    await browser.screenshot('04-create-form');
    await form.getByRole('button', { name: 'Create connection' }).click();

    const dialog = page.getByRole('dialog', { name: /created/ });
    await dialog.waitFor();
    state.firstSecret = ((await dialog.getByTestId('new-secret').textContent()) ?? '').trim();
    assert.match(state.firstSecret, /^[A-Za-z0-9]{64}$/);
    await dialog.getByRole('button', { name: 'Send test request' }).click();
    await dialog.getByText(/Accepted: HTTP 202/).waitFor();
    await browser.screenshot('05-secret-shown-once');

    await dialog.getByRole('button', { name: 'I have saved the secret' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(
      await secretInPage(state.firstSecret),
      false,
      'secret still in the DOM after the dialog closed',
    );
    const preview = `${state.firstSecret.slice(0, 6)}…${state.firstSecret.slice(-4)}`;
    assert.equal(await page.getByTestId('secret-preview').first().textContent(), preview);
    const href = await page.getByRole('link', { name: 'Make scenario' }).getAttribute('href');
    state.connectionId = decodeURIComponent(href?.split('/').pop() ?? '');
    assert.ok(state.connectionId);
    // The test request from the dialog is the connection's last request.
    await page
      .getByRole('row', { name: /Make scenario/ })
      .getByText('Accepted', { exact: true })
      .waitFor();
    await browser.screenshot('06-connections-list');
  });

  it('shows a request sent with the secret in the live history', async () => {
    await page.getByRole('link', { name: 'Make scenario' }).click();
    await page.getByRole('heading', { name: /Make scenario/ }).waitFor();
    await page.getByText('Live', { exact: true }).waitFor();

    const accepted = await send(state.firstSecret, { order: 'e2e-live-1', total: 12.5 });
    assert.equal(accepted.status, 202);
    const rejected = await send('wrong-secret', { order: 'e2e-live-2' });
    assert.equal(rejected.status, 401);

    await page.getByRole('cell', { name: 'UNAUTHORIZED: Invalid secret' }).waitFor();
    await waitForNewestOutcomes(['UNAUTHORIZED', 'ACCEPTED', 'ACCEPTED']);
    const rows = page.locator('table.history-table tbody tr');

    await rows.nth(1).getByRole('link').click();
    const detail = page.getByRole('region', { name: 'Request detail' });
    await detail.getByText('"order": "e2e-live-1"', { exact: false }).waitFor();
    await browser.screenshot('07-connection-live-history');
    await detail.screenshot({ path: `${SCREENSHOTS}/07b-request-detail.png` });
    assert.equal(await secretInPage(state.firstSecret), false, 'the history must not show the secret');

    // Copy as curl: the credential header carries a shell variable, never the secret.
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: gateway.url });
    await detail.getByRole('button', { name: 'Copy as curl' }).click();
    await detail.getByText('Copied', { exact: true }).waitFor();
    const curl = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(curl, /-H "x-webhook-secret: \$HOOKGATE_SECRET"/);
    assert.match(curl, /--data-binary '\{"order":"e2e-live-1","total":12\.5\}'/);
    assert.ok(!curl.includes(state.firstSecret), 'the secret must not be in the curl command');
    assert.equal(await secretInPage(state.firstSecret), false, 'the inspector must not show the secret');
  });

  it('rotates the secret: the old one fails, the new one works', async () => {
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    const dialog = page.getByRole('dialog', { name: /Rotate the secret/ });
    await dialog.getByText(/Every partner that sends to this connection must be updated/).waitFor();
    await dialog.getByLabel(/every partner must be updated/).check();
    await browser.screenshot('08-rotate-confirmation');
    await dialog.getByRole('button', { name: 'Rotate secret' }).click();

    const reveal = page.getByRole('dialog', { name: 'Secret rotated' });
    state.secondSecret = ((await reveal.getByTestId('new-secret').textContent()) ?? '').trim();
    assert.match(state.secondSecret, /^[A-Za-z0-9]{64}$/);
    assert.notEqual(state.secondSecret, state.firstSecret);
    await reveal.getByRole('button', { name: 'I have saved the secret' }).click();
    await reveal.waitFor({ state: 'detached' });
    assert.equal(await secretInPage(state.secondSecret), false);

    assert.equal((await send(state.firstSecret, { order: 'old-secret' })).status, 401);
    assert.equal((await send(state.secondSecret, { order: 'new-secret' })).status, 202);
    await waitForNewestOutcomes(['ACCEPTED', 'UNAUTHORIZED', 'UNAUTHORIZED', 'ACCEPTED']);
  });

  it('a shared_secret request relayed over plain HTTP is badged in the history', async () => {
    const relayed = await fetch(`${gateway.url}/webhooks/in/${state.connectionId}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-webhook-secret': state.secondSecret,
        'x-forwarded-proto': 'http',
        'x-forwarded-for': '203.0.113.9',
      },
      body: '{"order":"plain-http"}',
    });
    assert.equal(relayed.status, 202);
    await waitForNewestOutcomes(['ACCEPTED', 'ACCEPTED', 'UNAUTHORIZED']);
    const newest = page.locator('table.history-table tbody tr').first();
    await newest.getByText('Insecure transport').waitFor();
    assert.match(
      (await newest.getByText('Insecure transport').getAttribute('title')) ?? '',
      /^INSECURE_TRANSPORT:/,
    );
  });

  it('history filters and the open request live in the URL: reload and back keep them', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'History' }).click();
    await page.getByRole('heading', { name: 'History' }).waitFor();
    // Only the first live request's body has the word "total".
    await page.getByLabel('Search').fill('total');
    await page.getByLabel('Search').press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === 'total');
    await page.reload();
    await page.getByText('No live updates while', { exact: false }).waitFor();
    const rows = page.locator('table.history-table tbody tr');
    await page.waitForFunction(() => document.querySelectorAll('table.history-table tbody tr').length === 1);
    assert.equal(await page.getByLabel('Search').inputValue(), 'total');

    await rows.first().getByRole('link').click();
    await page.waitForURL((url) => url.searchParams.has('row') && url.searchParams.get('q') === 'total');
    await page.reload();
    const detail = page.getByRole('region', { name: 'Request detail' });
    await detail.getByText('"order": "e2e-live-1"', { exact: false }).waitFor();
    await browser.screenshot('09a-history-inspector');
    await page.setViewportSize({ width: 390, height: 844 });
    await detail.getByTestId('curl-command').scrollIntoViewIfNeeded();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    await browser.screenshot('09b-history-inspector-390px', { fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    assert.ok(width <= 390, `the history page with the inspector is ${width} px wide at 390 px`);

    await page.goBack();
    await detail.waitFor({ state: 'detached' });
    assert.equal(new URL(page.url()).searchParams.get('q'), 'total');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL((url) => url.search === '');
  });

  it('global history filters by outcome', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'History' }).click();
    await page.getByRole('heading', { name: 'History' }).waitFor();
    await page.getByText('Live', { exact: true }).waitFor();
    await browser.screenshot('09-history');
    await page.getByLabel('Outcome').selectOption('UNAUTHORIZED');
    await page.waitForFunction(() => {
      const rows = Array.from(document.querySelectorAll('table.history-table tbody tr'));
      return rows.length === 2 && rows.every((row) => row.getAttribute('data-outcome') === 'UNAUTHORIZED');
    });
    assert.equal(new URL(page.url()).searchParams.get('outcome'), 'UNAUTHORIZED');
    await page.getByRole('button', { name: 'Pause live updates' }).click();
    await page.getByText('Paused', { exact: true }).waitFor();
    await browser.screenshot('10-history-filtered');
  });

  it('the home page charts the requests above and names the most refused connection', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Home' }).click();
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    const totals = page.getByRole('list', { name: 'Requests per outcome' });
    await totals.getByText('Unauthorized: 2').waitFor();
    await totals.getByText('Accepted: 4').waitFor();
    const refused = page.getByRole('region', { name: 'Most refused' });
    await refused.getByRole('link', { name: 'Make scenario' }).waitFor();
    // Chart.js drew something: the stacked chart's canvas has painted pixels.
    const painted = await page
      .getByRole('img', { name: /stacked by outcome/ })
      .evaluate((canvas: HTMLCanvasElement) => {
        const context = canvas.getContext('2d');
        if (!context || canvas.width === 0) return false;
        const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
        return pixels.some((value, i) => i % 4 === 3 && value > 0);
      });
    assert.ok(painted, 'the requests chart drew nothing');
    await browser.screenshot('11-home');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('img', { name: /stacked by outcome/ }).waitFor();
    const overflow = await page.evaluate(() =>
      Array.from(document.querySelectorAll('.stats-card')).some(
        (card) => card.getBoundingClientRect().right > 390,
      ),
    );
    assert.equal(overflow, false, 'a stats card is wider than a 390 px screen');
    await browser.screenshot('12-home-390px', { fullPage: true });
  });

  it('at 390 px no page scrolls sideways and the navigation folds behind "Menu"', async () => {
    const nav = page.getByRole('navigation', { name: 'Main' });
    assert.equal(await nav.isVisible(), false, 'the navigation should be folded on a phone');
    const pages = [
      ['Connections', 'Connections'],
      ['History', 'History'],
      ['Flows', 'Flows'],
      ['Contacts', 'Contacts'],
      ['Outbound', 'Outbound'],
      ['Home', 'Home'],
    ] as const;
    const tooWide: string[] = [];
    for (const [link, heading] of pages) {
      await page.getByRole('button', { name: 'Menu' }).click();
      await nav.getByRole('link', { name: link }).click();
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      assert.equal(await nav.isVisible(), false, 'following a link closes the menu');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 390) tooWide.push(`${link}: ${width}px`);
    }
    await page.goto(`${gateway.url}/connections/${encodeURIComponent(state.connectionId)}`);
    await page.getByRole('heading', { name: 'Make scenario' }).waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 390) tooWide.push(`connection page: ${width}px`);
    await browser.screenshot('12-connection-390px', { fullPage: true });
    assert.deepEqual(tooWide, []);
    assert.ok(await page.getByRole('button', { name: 'Sign out' }).isVisible());
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('the outbound page says whether this gateway delivers webhooks', async () => {
    const probe = await fetch(`${gateway.url}/api/v1/applications`, {
      headers: { authorization: `Bearer ${gateway.token}` },
    });
    await page.getByRole('navigation').getByRole('link', { name: 'Outbound' }).click();
    await page.getByRole('heading', { name: 'Outbound' }).waitFor();
    const expected =
      probe.status === 404 ? 'Outbound delivery is not available on this gateway.' : 'No applications yet.';
    await page.getByText(expected).waitFor();
    await browser.screenshot('13-outbound');
    if (probe.status === 404) return;
    await page.getByLabel('Rotation due only').check();
    await page.getByText('No application is due for a secret rotation.').waitFor();
    assert.equal(new URL(page.url()).searchParams.get('rotationDue'), 'true');
  });

  it('"New connection" starts from a sender template', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Connections' }).click();
    await page.getByRole('button', { name: 'New connection' }).click();
    const form = page.getByRole('dialog', { name: 'New connection' });
    await form.getByRole('radio', { name: /Zapier/ }).check();
    assert.equal(await form.getByLabel('Name').inputValue(), 'Zapier');
    await browser.screenshot('14-create-from-template');
    await form.getByRole('button', { name: 'Create connection' }).click();
    const dialog = page.getByRole('dialog', { name: /Zapier.*created/ });
    await dialog.getByRole('button', { name: 'Send test request' }).click();
    await dialog.getByText(/Accepted: HTTP 202/).waitFor();
    await dialog.getByRole('button', { name: 'I have saved the secret' }).click();
    await page.getByRole('link', { name: 'Zapier' }).waitFor();
  });

  it('every page above ran under the Content-Security-Policy without a violation', async () => {
    const response = await fetch(gateway.url);
    assert.match(response.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.deepEqual(cspViolations, []);
  });
});
