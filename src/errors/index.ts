export * from './error-codes.ts';
export * from './outcomes.ts';
export * from './result.ts';
