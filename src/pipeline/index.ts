export type { ContactInput } from './contact-input.ts';
export { createContactService } from './contact-service.ts';
export { createFlowService, type FlowInput } from './flow-service.ts';
export type { AcceptedEvent } from './job-source.ts';
export type { BatchSummary } from './process-batch.ts';
export {
  createProcessingWorker,
  type ProcessingWorker,
  type ProcessingWorkerDeps,
  type ProcessingWorkerOptions,
} from './processing-worker.ts';
export { inferSchema } from './schema-infer.ts';
export { schemaPaths } from './schema-paths.ts';
export { createTransformRunner, type TransformLimits, type TransformRunner } from './transform-runner.ts';
