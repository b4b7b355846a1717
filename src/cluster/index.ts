/** Cluster coordination over PostgreSQL: the bus, shared history, cache invalidation signals. Re-exports only. */
export * from './cluster-bus.ts';
export * from './cluster-history-bus.ts';
export * from './cluster-signals.ts';
export * from './pg-cluster-bus.ts';
