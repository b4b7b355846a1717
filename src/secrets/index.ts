/** Secrets: generation, masking, encryption at rest, one-way hashing. Re-exports only. */
export * from './generate.ts';
export * from './hasher.ts';
export * from './lru-map.ts';
export * from './mask.ts';
export * from './master-key.ts';
export * from './master-key-file.ts';
export * from './reseal.ts';
export * from './secret-box.ts';
