import { after, describe } from 'node:test';
import type { Page } from '../../src/store/types.ts';
import { connectionContract } from './contract-connections.ts';
import { eventContract } from './contract-events.ts';
import { historyContract } from './contract-history.ts';
import { lifecycleContract } from './contract-lifecycle.ts';
import { secretContract } from './contract-secrets.ts';
import type { TestStoreFactory } from './test-store-factory.ts';

/**
 * The Store contract suite, shared by every implementation. Each test opens its own fresh database
 * from `factory`; the factory is disposed after the suite. Skipped (with the reason) when
 * `factory.skip` is set.
 */
export function runStoreContract(factory: TestStoreFactory): void {
  describe(`Store contract (${factory.label})`, { skip: factory.skip ?? false }, () => {
    after(() => factory.dispose());
    describe('connections', () => connectionContract(factory));
    describe('secrets', () => secretContract(factory));
    describe('events and idempotency', () => eventContract(factory));
    describe('history', () => historyContract(factory));
    describe('lifecycle', () => lifecycleContract(factory));
  });
}

/**
 * Follows `nextCursor` from the first page to the last and returns each page's ids; `fetchPage` gets
 * undefined for the first page. Fails the test after 1000 pages (a cursor that never ends).
 */
export async function collectPageIds<T extends { readonly id: string }>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  while (pages.length < 1000) {
    const page = await fetchPage(cursor);
    pages.push(page.items.map((item) => item.id));
    if (page.nextCursor === null) return pages;
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end after 1000 pages');
}
