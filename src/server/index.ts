/** Starting and stopping the gateway. Re-exports only. */
export * from './start-gateway.ts';
