import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { adminCall, signIn } from './admin-api.ts';
import { type Browser, browserUnavailable, launchBrowser } from './browser.ts';
import { buildDashboard, type RunningGateway, startGateway } from './gateway.ts';

let gateway: RunningGateway;
let browser: Browser;
let page: Page;

const CSV = [
  'name,email,phone,tier',
  'Ada Lovelace,Ada@Example.com,+49 151 12345678,gold',
  'Grace Hopper,grace@example.com,,silver',
  'Nobody,,,none',
].join('\n');

async function listContacts(query = ''): Promise<{ email: string | null; phone: string | null }[]> {
  return (
    await adminCall<{ items: { email: string | null; phone: string | null }[] }>(
      gateway,
      'GET',
      `/contacts${query}`,
    )
  ).json.items;
}

describe('contacts end to end', { timeout: 120_000, skip: browserUnavailable() ?? false }, () => {
  before(async () => {
    buildDashboard();
    gateway = await startGateway();
    browser = await launchBrowser();
    page = browser.page;
    await signIn(page, gateway, '/contacts', 'Contacts');
  });

  after(async () => {
    await browser?.close();
    await gateway?.stop();
  });

  it('imports pasted CSV: rows are created, a row without an identifier fails with the API reason', async () => {
    await page.getByText('No contacts yet.').waitFor();
    await page.getByRole('button', { name: 'Import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import contacts' });
    await dialog.getByLabel('CSV or JSON').fill(CSV);
    await dialog.getByText('3 contacts read as CSV.').waitFor();
    await dialog.getByRole('button', { name: 'Import' }).click();
    await dialog.getByText('2 created, 0 updated, 1 failed.').waitFor();
    const failed = dialog.getByRole('row', { name: /Row 3/ });
    assert.match(
      (await failed.textContent()) ?? '',
      /needs at least one of chatId, phone, channelUserId, email/,
    );
    await browser.screenshot('19-contacts-import-result');
    await dialog.getByRole('button', { name: 'Done' }).click();

    await page.getByRole('cell', { name: '+4915112345678' }).waitFor();
    await page.getByRole('cell', { name: 'ada@example.com' }).waitFor();
    assert.equal((await listContacts()).length, 2);
  });

  it('creates a contact and finds it by a differently written identifier', async () => {
    await page.getByRole('button', { name: 'New contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'New contact' });
    await dialog.getByLabel('Name', { exact: true }).fill('Alan Turing');
    await dialog.getByLabel('Phone', { exact: true }).fill('030 1234567');
    await dialog.getByLabel(/Default country/).fill('de');
    await dialog.getByRole('button', { name: 'Create contact' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: '+49301234567' }).waitFor();

    await page.getByLabel('Find by').selectOption('email');
    await page.getByLabel('Email to find').fill('GRACE@EXAMPLE.COM');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForFunction(() => document.querySelectorAll('table.contact-table tbody tr').length === 1);
    await page.getByRole('cell', { name: 'grace@example.com' }).waitFor();
    await browser.screenshot('20-contacts-search');

    await page.getByRole('button', { name: 'Clear' }).click();
    await page.waitForFunction(() => document.querySelectorAll('table.contact-table tbody tr').length === 3);
    await browser.screenshot('21-contacts');
    assert.equal((await listContacts('?phone=%2B49301234567')).length, 1);
  });
});
