/** Clock, ids and lease heartbeats shared by every feature. Re-exports only. */
export * from './clock.ts';
export * from './ids.ts';
export * from './lease-heartbeat.ts';
