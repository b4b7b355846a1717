export * from './cluster-gauges.ts';
export * from './logger.ts';
export * from './metrics.ts';
