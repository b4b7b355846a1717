import { after, describe } from 'node:test';
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
