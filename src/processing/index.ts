/** Processing accepted events: contacts, flows, transforms, the processing worker. Re-exports only. */
export type { ContactInput } from './contact-input.ts';
export * from './contact-service.ts';
export * from './flow-service.ts';
export * from './identifiers.ts';
export type { AcceptedEvent } from './job-source.ts';
export * from './json-path.ts';
export type { BatchSummary } from './process-batch.ts';
export * from './processing-worker.ts';
export * from './schema-infer.ts';
export * from './schema-paths.ts';
export { createTransformRunner, type TransformLimits, type TransformRunner } from './transform-runner.ts';
