import { mkdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { type ClusterBus, createLocalClusterBus } from '../cluster/cluster-bus.ts';
import { createClusterHistoryBus } from '../cluster/cluster-history-bus.ts';
import { createPgClusterBus } from '../cluster/pg-cluster-bus.ts';
import type { Config } from '../config/config.ts';
import { type Clock, systemClock } from '../core/clock.ts';
import { createHistoryBus } from '../ingest/history-bus.ts';
import { createLogger, type Logger } from '../observability/logger.ts';
import { createMetrics } from '../observability/metrics.ts';
import { createSecretBox, createSecretHasher } from '../secrets/index.ts';
import { createStore } from '../store/index.ts';
import type { Store } from '../store/types.ts';
import { createBackgroundWorkers } from './background-workers.ts';
import { resolveAdminTokenHash, resolveMasterKey } from './bootstrap-secrets.ts';
import { buildApp } from './build-app.ts';
import { checkSecretsOpen } from './reseal-secrets.ts';
import { startRetentionJob } from './retention.ts';
import { logStoreHealth } from './store-health-log.ts';

/** A running gateway. */
export interface RunningGateway {
  readonly app: FastifyInstance;
  readonly store: Store;
  /** The address it listens on, e.g. `http://127.0.0.1:8787`. */
  readonly url: string;
  close(): Promise<void>;
}

/** Options a caller (CLI, tests) may override. */
export interface StartOptions {
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly print?: (text: string) => void;
  readonly webRoot?: string;
}

/**
 * Starts hookgate: opens and migrates the store, resolves the master key and admin token, builds the app,
 * starts the retention job and listens. Everything is closed by `close()`.
 */
export async function startGateway(config: Config, options: StartOptions = {}): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  if (!config.databaseUrl) mkdirSync(config.dataDir, { recursive: true });
  const keys = await resolveMasterKey(config, logger);
  const store = createStore({
    dataDir: config.dataDir,
    ...(config.databaseUrl && { databaseUrl: config.databaseUrl }),
  });
  await store.migrate();
  const stopHealthLog = logStoreHealth(store.health, logger, clock);
  const secretBox = createSecretBox(keys);
  // Re-encryption is an explicit step (POST /api/v1/maintenance/reseal): in a cluster, re-sealing here
  // would lock out the instances that do not have the new key yet.
  await checkSecretsOpen(store, secretBox);
  const adminTokenHash = await resolveAdminTokenHash(
    config,
    store,
    options.print ?? ((t) => process.stdout.write(`${t}\n`)),
  );
  const clusterBus: ClusterBus = config.databaseUrl
    ? await createPgClusterBus({ databaseUrl: config.databaseUrl, logger })
    : createLocalClusterBus();
  const historyBus = config.databaseUrl
    ? createClusterHistoryBus({
        bus: clusterBus,
        store,
        onError: (error) =>
          logger.warn({ err: error instanceof Error ? error.message : 'unknown' }, 'live tail row not read'),
      })
    : createHistoryBus();
  const metrics = createMetrics();
  const workers = createBackgroundWorkers({
    config,
    store,
    clock,
    logger,
    secretBox,
    historyBus,
    metrics,
    clusterBus,
  });
  const app = await buildApp({
    config,
    store,
    clock,
    logger,
    metrics,
    secretBox,
    hasher: createSecretHasher(),
    historyBus,
    publisher: workers.publisher,
    onAccepted: workers.onAccepted,
    onDeliveryQueued: workers.onDeliveryQueued,
    adminTokenHash,
    clusterBus,
    webRoot: options.webRoot,
  });
  workers.start();
  const stopRetention = startRetentionJob(store, clock, config, logger);
  const address = await app.listen({ port: config.port, host: config.host });
  logger.info({ address, store: config.databaseUrl ? 'postgres' : 'sqlite' }, 'hookgate listening');
  return {
    app,
    store,
    url: address,
    async close() {
      stopRetention();
      await app.close();
      await workers.stop();
      await clusterBus.close();
      await store.close();
      stopHealthLog();
    },
  };
}
