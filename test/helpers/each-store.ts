import { after, describe } from 'node:test';
import type { Store } from '../../src/store/types.ts';
import { pgTestStoreFactory } from '../store/pg-test-helper.ts';
import { sqliteTestStoreFactory } from '../store/sqlite-test-helper.ts';
import type { TestStoreFactory } from '../store/test-store-factory.ts';

const factories: Promise<TestStoreFactory>[] = [
  Promise.resolve(sqliteTestStoreFactory()),
  pgTestStoreFactory(),
];

/**
 * Runs `suite` once per store (SQLite, then PostgreSQL). `fresh(t)` gives a migrated store on an empty
 * database. PostgreSQL suites skip locally when it is unreachable and fail in CI.
 */
export async function forEachStore(
  name: string,
  suite: (
    fresh: (t: { after(fn: () => Promise<void>): void }) => Promise<Store>,
    factory: TestStoreFactory,
  ) => void,
): Promise<void> {
  for (const pending of factories) {
    const factory = await pending;
    after(() => factory.dispose());
    describe(`${name} [${factory.label}]`, { skip: factory.skip ?? false }, () =>
      suite((t) => factory.fresh(t), factory),
    );
  }
}
