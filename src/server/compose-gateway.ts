import type { FastifyInstance } from 'fastify';
import type { LiveStreams } from '../api/index.ts';
import { type ConnectionService, createConnectionService } from '../api/index.ts';
import type { ClusterBus } from '../cluster/index.ts';
import { shareConnectionInvalidations } from '../cluster/index.ts';
import type { Config } from '../config/index.ts';
import type { Clock } from '../core/index.ts';
import { createDeliveryServices, createDestinationGuard, type DeliveryServices } from '../delivery/index.ts';
import { createForwardService, type ForwardService } from '../forward/index.ts';
import type { HistoryBus } from '../ingest/index.ts';
import { type ConnectionCache, createConnectionCache } from '../ingest/index.ts';
import type { Logger, Metrics } from '../observability/index.ts';
import type { SecretBox, SecretHasher } from '../secrets/index.ts';
import type { Store } from '../store/index.ts';
import { type BackgroundWorkers, createBackgroundWorkers } from './background-workers.ts';
import { buildApp } from './build-app.ts';

/**
 * The composition root: the one place the gateway's services and workers are built and wired to each
 * other and to the HTTP app. `startGateway` composes a gateway from what it opened (store, keys, cluster
 * bus); tests (test/helpers/test-gateway.ts) and the OpenAPI generator compose theirs the same way.
 */

/** The infrastructure a gateway runs on, opened by its caller; the HTTP app gets it too. */
export interface GatewayInfrastructure {
  readonly config: Config;
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly secretBox: SecretBox;
  readonly hasher: SecretHasher;
  readonly historyBus: HistoryBus;
  /** SHA-256 hex of the admin token (a function when it may change once: a first start's generated token). */
  readonly adminTokenHash: string | (() => string);
}

/** What a gateway is composed from: the infrastructure its caller opened, and a few choices. */
export interface GatewayParts extends GatewayInfrastructure {
  /** Runs the background workers (delivery, forwarding, processing), as `hookgate start` does. */
  readonly workers: boolean;
  /** The cluster signal channel; absent = a single process. */
  readonly clusterBus?: ClusterBus;
  /** The open live-tail streams (a stop ends them and counts them); absent = a registry of the app's own. */
  readonly liveStreams?: LiveStreams;
  /** Directory of the built dashboard; absent = no dashboard. */
  readonly webRoot?: string | undefined;
}

/** The services of one gateway, shared by the admin routes, the inbound path and the workers. */
export interface GatewayServices extends DeliveryServices {
  /** The inbound path's connection cache (its invalidations shared with the cluster). */
  readonly connectionCache: ConnectionCache;
  readonly connections: ConnectionService;
  readonly forwarding: ForwardService;
}

/** A composed gateway: the HTTP app (not listening yet), its services, and its workers (not started yet). */
export interface ComposedGateway<WithWorkers extends boolean = boolean> {
  readonly app: FastifyInstance;
  readonly services: GatewayServices;
  /** Present when the parts asked for workers. */
  readonly workers: WithWorkers extends true ? BackgroundWorkers : undefined;
}

/** Builds the services over `parts`; with `workers`, the publisher is theirs and changes wake them. */
export function createGatewayServices(parts: GatewayParts, workers?: BackgroundWorkers): GatewayServices {
  const { store, clock, secretBox } = parts;
  const guard = createDestinationGuard({ allowPrivate: parts.config.allowPrivateDestinations });
  const localCache = createConnectionCache(store, clock);
  const connectionCache = parts.clusterBus
    ? shareConnectionInvalidations(localCache, parts.clusterBus)
    : localCache;
  const forwarding = createForwardService({
    store,
    clock,
    secretBox,
    guard,
    invalidate: (id) => connectionCache.invalidate(id),
    ...(workers !== undefined && { onQueued: workers.onForwardQueued }),
  });
  const connections = createConnectionService({
    store,
    clock,
    secretBox,
    hasher: parts.hasher,
    connectionCache,
    forwarding,
  });
  const delivery = createDeliveryServices({
    store,
    clock,
    secretBox,
    guard,
    ...(workers !== undefined && { publisher: workers.publisher, onQueued: workers.onDeliveryQueued }),
  });
  return { ...delivery, connectionCache, connections, forwarding };
}

/** Composes a gateway: workers (when asked), services, and the app that serves them. */
export async function composeGateway<WithWorkers extends boolean>(
  parts: GatewayParts & { readonly workers: WithWorkers },
): Promise<ComposedGateway<WithWorkers>> {
  const workers = parts.workers ? createBackgroundWorkers(parts) : undefined;
  const services = createGatewayServices(parts, workers);
  const app = await buildApp({
    ...parts,
    services,
    ...(workers !== undefined && {
      onAccepted: workers.onAccepted,
      onDeliveryQueued: workers.onDeliveryQueued,
      forwardDispatch: workers.forwardDispatch,
    }),
  });
  return { app, services, workers } as ComposedGateway<WithWorkers>;
}
