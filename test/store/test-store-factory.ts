import { createStore, type StoreOptions } from '../../src/store/create-store.ts';
import type { Store } from '../../src/store/types.ts';

/**
 * Gives a test file migrated stores on throw-away databases (temp dirs for SQLite, schemas for
 * PostgreSQL). Typical use:
 *
 * ```ts
 * const factory = await pgTestStoreFactory(); // or sqliteTestStoreFactory()
 * after(() => factory.dispose());
 * describe('thing', { skip: factory.skip }, () => {
 *   test('…', async (t) => { const store = await factory.fresh(t); … });
 * });
 * ```
 */
export interface TestStoreFactory {
  /** `sqlite` or `postgres`, for test names. */
  readonly label: string;
  /** Why the suite should be skipped (PostgreSQL unreachable outside CI); undefined when usable. */
  readonly skip: string | undefined;
  /** `createStore` options for a new, empty database that `dispose()` removes (not migrated yet). */
  freshOptions(): Promise<StoreOptions>;
  /** A migrated store on a new, empty database; closed after the test when `t` is given. */
  fresh(t?: { after(fn: () => Promise<void>): void }): Promise<Store>;
  /** Another migrated store on the same database as `store`: a second handle/pool, like a second process. */
  openAgain(store: Store): Promise<Store>;
  /** Closes every store this factory opened, then removes its temp dirs / schemas. */
  dispose(): Promise<void>;
}

/** How a concrete factory makes and removes databases. */
export interface TestDatabaseProvider {
  readonly label: string;
  readonly skip: string | undefined;
  newDatabase(): Promise<StoreOptions>;
  removeAll(): Promise<void>;
}

/** Builds a TestStoreFactory that tracks the stores it opens and where they live. */
export function createTestStoreFactory(provider: TestDatabaseProvider): TestStoreFactory {
  const locations = new WeakMap<Store, StoreOptions>();
  const opened: Store[] = [];

  const open = async (options: StoreOptions): Promise<Store> => {
    const store = createStore(options);
    opened.push(store);
    locations.set(store, options);
    await store.migrate();
    return store;
  };

  return {
    label: provider.label,
    skip: provider.skip,
    freshOptions: () => provider.newDatabase(),
    async fresh(t) {
      const store = await open(await provider.newDatabase());
      t?.after(() => store.close());
      return store;
    },
    async openAgain(store) {
      const options = locations.get(store);
      if (options === undefined) throw new Error('openAgain: this store was not opened by this factory');
      return open(options);
    },
    async dispose() {
      await Promise.allSettled(opened.splice(0).map((store) => store.close()));
      await provider.removeAll();
    },
  };
}
