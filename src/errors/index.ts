export * from './error-codes.ts';
export * from './failures.ts';
export * from './outcomes.ts';
export * from './result.ts';
