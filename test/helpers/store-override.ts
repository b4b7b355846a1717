import type { Store } from '../../src/store/types.ts';

/**
 * `store` with some of its delivery or processing operations replaced: an instance cut off from the
 * database for those calls only (e.g. its lease renewals fail while its requests still run).
 */
export function overrideStore(
  store: Store,
  parts: { delivery?: Partial<Store['delivery']>; processing?: Partial<Store['processing']> },
): Store {
  const delivery = { ...store.delivery, ...parts.delivery };
  const processing = { ...store.processing, ...parts.processing };
  return new Proxy(store, {
    get(target, property) {
      if (property === 'delivery') return delivery;
      if (property === 'processing') return processing;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
