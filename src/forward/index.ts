/** Forwarding accepted events to the user's backend: settings, service, worker. Re-exports only. */
export * from './forward-headers.ts';
export * from './forward-service.ts';
export * from './forward-settings.ts';
export * from './forward-worker.ts';
