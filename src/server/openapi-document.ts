import { randomBytes } from 'node:crypto';
import type { OpenAPIV3_1 } from 'openapi-types';
import { hashAdminToken } from '../api/index.ts';
import { parseConfig } from '../config/index.ts';
import { systemClock } from '../core/index.ts';
import { createHistoryBus } from '../ingest/index.ts';
import { createLogger, createMetrics } from '../observability/index.ts';
import { createSecretBox, createSecretHasher } from '../secrets/index.ts';
import type { Store } from '../store/index.ts';
import { composeGateway } from './compose-gateway.ts';

/**
 * A store that refuses every call: building the app registers routes (services may keep a part of the
 * store, e.g. `store.delivery`) but reads nothing, so the document needs no database.
 */
function refusingStore(path = 'store'): Store {
  return new Proxy(() => undefined, {
    get: (_target, name) => (name === 'then' ? undefined : refusingStore(`${path}.${String(name)}`)),
    apply: () => {
      throw new Error(`the OpenAPI document is built without a store (${path}() was called)`);
    },
  }) as unknown as Store;
}

/**
 * The OpenAPI document exactly as `GET /api/v1/openapi.json` serves it, built in-process from the routes'
 * zod schemas (for `npm run gen:api` and the contract tests).
 */
export async function buildOpenApiDocument(): Promise<OpenAPIV3_1.Document> {
  const parsed = parseConfig({ HOOKGATE_DATA_DIR: '/nonexistent' });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const { app } = await composeGateway({
    config: parsed.config,
    store: refusingStore(),
    clock: systemClock,
    logger: createLogger('silent'),
    metrics: createMetrics(),
    secretBox: createSecretBox({ current: randomBytes(32) }),
    hasher: createSecretHasher(),
    historyBus: createHistoryBus(),
    adminTokenHash: hashAdminToken(randomBytes(16).toString('hex')),
    workers: false,
  });
  try {
    await app.ready();
    return app.swagger() as OpenAPIV3_1.Document;
  } finally {
    await app.close();
  }
}
