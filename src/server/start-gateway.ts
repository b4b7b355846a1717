import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { createLiveStreams } from '../api/index.ts';
import {
  type ClusterBus,
  createClusterHistoryBus,
  createLocalClusterBus,
  createPgClusterBus,
} from '../cluster/index.ts';
import type { Config } from '../config/index.ts';
import { type Clock, systemClock } from '../core/index.ts';
import { createHistoryBus } from '../ingest/index.ts';
import {
  createLogger,
  createMetrics,
  defaultLogFormat,
  type Logger,
  registerClusterGauges,
} from '../observability/index.ts';
import { createSecretBox, createSecretHasher } from '../secrets/index.ts';
import type { Store } from '../store/index.ts';
import { createStore, isStoreUnavailable } from '../store/index.ts';
import { resolveAdminToken, resolveMasterKey } from './bootstrap-secrets.ts';
import { composeGateway } from './compose-gateway.ts';
import { checkSecretsOpen } from './reseal-secrets.ts';
import { startRetentionJob } from './retention.ts';
import { type DrainReport, drainGateway, trackRequests } from './shutdown.ts';
import { logStoreHealth } from './store-health-log.ts';

/** A running gateway. */
export interface RunningGateway {
  readonly app: FastifyInstance;
  readonly store: Store;
  /** The address it listens on, e.g. `http://127.0.0.1:8787`. */
  readonly url: string;
  /** The logger the gateway writes to (the CLI logs its own lines there too). */
  readonly logger: Logger;
  /**
   * Stops gracefully within `HOOKGATE_SHUTDOWN_TIMEOUT_MS`: refuses new connections, ends live-tail streams,
   * lets requests and deliveries in flight finish, writes pending commits, closes the store.
   */
  close(): Promise<DrainReport>;
}

/** A start that could not listen on its address (the message names it and what to do). */
export class ListenError extends Error {
  override readonly name = 'ListenError';
}

/** A plain sentence for the usual reasons `listen` fails; undefined for anything else. */
function listenProblem(error: unknown, config: Config): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const where = `${config.host}:${config.port}`;
  if (code === 'EADDRINUSE') {
    return `Port ${config.port} is already in use (${where}): stop the other process or set HOOKGATE_PORT to a free port.`;
  }
  if (code === 'EACCES') {
    return `Not allowed to listen on port ${config.port} (${where}): ports below 1024 need privileges; set HOOKGATE_PORT to 1024 or above.`;
  }
  if (code === 'EADDRNOTAVAIL') {
    return `Cannot listen on ${where}: ${config.host} is not an address of this machine (HOOKGATE_HOST).`;
  }
  return undefined;
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
  const logger =
    options.logger ??
    createLogger(
      config.logLevel,
      undefined,
      config.logFormat ?? defaultLogFormat(process.stdout.isTTY === true),
    );
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
  const adminToken = await resolveAdminToken(
    config,
    store.settings,
    options.print ?? ((t) => process.stdout.write(`${t}\n`)),
  );
  const clusterBus: ClusterBus = config.databaseUrl
    ? await createPgClusterBus({ databaseUrl: config.databaseUrl, logger })
    : createLocalClusterBus();
  const historyBus = config.databaseUrl
    ? createClusterHistoryBus({
        bus: clusterBus,
        store,
        // An unreachable store is reported once by the store's health log; anything else is worth a warning.
        onError: (error) =>
          (isStoreUnavailable(error) ? logger.debug.bind(logger) : logger.warn.bind(logger))(
            { err: error instanceof Error ? error.message : 'unknown' },
            'live tail row not read',
          ),
      })
    : createHistoryBus();
  const liveStreams = createLiveStreams();
  const metrics = createMetrics();
  registerClusterGauges(metrics.registry, store, { clock, logger });
  const composed = await composeGateway({
    config,
    store,
    clock,
    logger,
    metrics,
    secretBox,
    hasher: createSecretHasher(),
    historyBus,
    adminTokenHash: adminToken.currentHash,
    workers: true,
    clusterBus,
    webRoot: options.webRoot,
    liveStreams,
  });
  const { app, workers } = composed;
  const requests = trackRequests(app.server as Server);
  let address: string;
  try {
    address = await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close();
    await workers.stop();
    await clusterBus.close();
    await store.close();
    stopHealthLog();
    const problem = listenProblem(error, config);
    throw problem === undefined ? error : new ListenError(problem, { cause: error });
  }
  await adminToken.commit();
  workers.start();
  const stopRetention = startRetentionJob(store, clock, config, logger);
  logger.info({ address, store: config.databaseUrl ? 'postgres' : 'sqlite' }, 'hookgate listening');
  return {
    app,
    store,
    url: address,
    logger,
    async close() {
      const report = await drainGateway(
        {
          app,
          streams: liveStreams,
          requests,
          workers,
          store,
          stopTimers: stopRetention,
          beforeStoreClose: () => clusterBus.close(),
          logger,
        },
        config.shutdownTimeoutMs,
      );
      stopHealthLog();
      return report;
    },
  };
}
