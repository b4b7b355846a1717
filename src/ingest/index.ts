/** Inbound requests to /webhooks/in/{connectionId}: reading, verifying, recording, refusing. Re-exports only. */
export * from './client-errors.ts';
export * from './connection-cache.ts';
export * from './credential-loader.ts';
export * from './handle-inbound.ts';
export * from './history-bus.ts';
export * from './inbound-outcome.ts';
export * from './inbound-route.ts';
export * from './parse-payload.ts';
export * from './refusal-folds.ts';
export * from './refusal-limiter.ts';
export * from './socket-requests.ts';
