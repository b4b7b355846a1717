import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import {
  connectionRoutes,
  createLiveStreams,
  deliveryRoutes,
  errorReply,
  eventStreamRoute,
  forwardRoutes,
  historyRoutes,
  historyStreamRoute,
  installErrorHandlers,
  type LiveStreams,
  maintenanceRoutes,
  OPENAPI_BASE,
  OPENAPI_DOCUMENT_ROUTE,
  processingRoutes,
  providerRoutes,
  requireAdminToken,
  statsRoutes,
  systemRoutes,
  transformOpenApiObject,
} from '../api/index.ts';
import { DEFAULT_RETRY_SCHEDULE } from '../delivery/index.ts';
import type { ForwardDispatch } from '../forward/index.ts';
import type { InboundDeps } from '../ingest/index.ts';
import {
  createClientErrorHandler,
  createCredentialLoader,
  createLeanInbound,
  createRefusalFolds,
  createRefusalLimiter,
  createSocketRequests,
  type InboundRouteDeps,
  inboundRoutes,
} from '../ingest/index.ts';
import type { Logger } from '../observability/index.ts';
import { abortableBodies } from './abortable-bodies.ts';
import type { GatewayInfrastructure, GatewayServices } from './compose-gateway.ts';
import { resealExclusively } from './reseal-secrets.ts';
import { webRoutes } from './web-routes.ts';

/**
 * Everything the HTTP application needs, built by the composition root (`composeGateway`) and passed in.
 * The app builds no service of its own: routes share the ones in `services`.
 */
export interface GatewayDeps extends GatewayInfrastructure {
  /** The services the routes and the inbound path share (see `createGatewayServices`). */
  readonly services: GatewayServices;
  /** Wakes the delivery worker after a replay was queued. */
  readonly onDeliveryQueued?: () => void;
  /** Told after each accepted event is committed, without waiting (the processing worker's nudge). */
  readonly onAccepted?: InboundDeps['onAccepted'];
  /** The local forward worker, handed each forward's first attempt right after the commit. */
  readonly forwardDispatch?: ForwardDispatch;
  /** Directory of the built dashboard; absent = no dashboard. */
  readonly webRoot?: string | undefined;
  /** The open live-tail streams (a stop ends them and counts them); absent = a registry of the app's own. */
  readonly liveStreams?: LiveStreams;
}

/** Builds the Fastify application: inbound endpoint, admin API, OpenAPI, health, metrics, dashboard. */
export async function buildApp(deps: GatewayDeps): Promise<FastifyInstance> {
  const requests = createSocketRequests();
  const refusals = {
    refusalLimiter: createRefusalLimiter(deps.clock, deps.config.refusalBudget),
    refusalFolds: createRefusalFolds(deps.store),
  };
  const serverOptions = {
    connectionsCheckingInterval: Math.min(1000, deps.config.requestTimeoutMs),
    headersTimeout: Math.min(60_000, deps.config.requestTimeoutMs),
    // A request without Host is routed like any other (Node would answer 400 itself, with no history row).
    requireHostHeader: false,
  };
  // HTTPS when a certificate is configured (Fastify then ignores `http`, so the same server options go
  // with the certificate); the instance is typed as the HTTP one (the API is the same).
  const tls = deps.config.tls;
  const https = tls && { https: { ...serverOptions, cert: tls.cert, key: tls.key } };
  const app = Fastify({
    ...https,
    loggerInstance: deps.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    // No per-request child logger: requests are not logged, and our handlers log through `deps.logger`
    // with the fields that matter (connection id, error name). A child per request costs a redaction pass.
    childLoggerFactory: (logger) => logger,
    // X-Forwarded-* are believed only from the configured proxies: from anyone else they are forgeable.
    trustProxy: deps.config.trustedProxies.length > 0 ? [...deps.config.trustedProxies] : false,
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    // The whole request (headers and body) must arrive within this; Node checks every second, and only
    // enforces it when the headers' own limit is not longer.
    requestTimeout: deps.config.requestTimeoutMs,
    http: serverOptions,
    clientErrorHandler: createClientErrorHandler({
      store: deps.store,
      metrics: deps.metrics,
      historyBus: deps.historyBus,
      now: () => deps.clock.now(),
      requests,
      ...refusals,
    }),
  });
  app.server.prependListener('request', requests.track);
  app.addHook('preParsing', abortableBodies(requests));
  // A client that half-closes after sending its request still gets the answer (Node would otherwise end
  // the socket at the FIN, after the event was stored but before its 202 was written).
  Object.assign(app.server, { httpAllowHalfOpen: true });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app, deps.logger);

  await app.register(fastifySwagger, {
    openapi: OPENAPI_BASE,
    transform: jsonSchemaTransform,
    transformObject: transformOpenApiObject,
  });

  const requireAdmin = requireAdminToken(deps.adminTokenHash);
  const { connectionCache, connections, forwarding } = deps.services;
  const inbound: InboundRouteDeps = {
    store: deps.store,
    clock: deps.clock,
    metrics: deps.metrics,
    logger: deps.logger,
    historyBus: deps.historyBus,
    loadCredentials: createCredentialLoader(deps.secretBox, deps.hasher),
    connections: connectionCache,
    maxBodyBytes: deps.config.maxBodyBytes,
    minBodyBytesPerSecond: deps.config.minBodyBytesPerSecond,
    bodyGraceMs: deps.config.bodyGraceMs,
    requests,
    ...refusals,
    publicUrl: deps.config.publicUrl,
    insecureTransport: deps.config.insecureTransport,
    ...(deps.onAccepted && { onAccepted: deps.onAccepted }),
    ...(deps.forwardDispatch && { forwardDispatch: deps.forwardDispatch }),
  };
  await inboundRoutes(app, inbound);
  // Without trusted proxies the inbound route's hot path skips Fastify (see createLeanInbound); behind
  // proxies it stays on Fastify, which knows who to believe about the client's address and protocol.
  if (deps.config.trustedProxies.length === 0) serveInboundLean(app, inbound, deps.logger);
  await systemRoutes(app, { store: deps.store, metrics: deps.metrics, requireAdmin });
  app.get('/api/v1/openapi.json', { schema: OPENAPI_DOCUMENT_ROUTE }, async () => app.swagger());

  await app.register(async (admin) => {
    admin.addHook('onRequest', requireAdmin);
    await connectionRoutes(admin, {
      store: deps.store,
      clock: deps.clock,
      connections,
      forwarding,
      forwardDefaults: { retrySchedule: deps.config.retrySchedule ?? DEFAULT_RETRY_SCHEDULE },
      publicUrl: deps.config.publicUrl,
      rotationReminderDays: deps.config.rotationReminderDays,
    });
    await forwardRoutes(admin, { store: deps.store, forwarding });
    await processingRoutes(admin, { store: deps.store, clock: deps.clock });
    await deliveryRoutes(admin, {
      store: deps.store,
      clock: deps.clock,
      services: deps.services,
      rotationReminderDays: deps.config.rotationReminderDays,
      ...(deps.onDeliveryQueued !== undefined && { onQueued: deps.onDeliveryQueued }),
    });
    await historyRoutes(admin, { store: deps.store });
    await historyStreamRoute(admin, {
      historyBus: deps.historyBus,
      store: deps.store,
      streams: deps.liveStreams ?? createLiveStreams(),
    });
    await statsRoutes(admin, { stats: deps.store.stats, clock: deps.clock });
    await maintenanceRoutes(admin, {
      reseal: () => resealExclusively(deps.store, deps.secretBox, deps.logger),
    });
    await eventStreamRoute(admin, { store: deps.store, historyBus: deps.historyBus, logger: deps.logger });
    await providerRoutes(admin);
  });

  if (deps.webRoot) await webRoutes(app, deps.webRoot);
  return app;
}

/**
 * Puts the lean inbound handler in front of Fastify on the app's server: plain `POST /webhooks/in/<id>`
 * requests are answered by it, every other request goes to Fastify as before. Requests injected into
 * Fastify directly (`app.inject`) always take the Fastify route, which answers them the same way.
 */
function serveInboundLean(app: FastifyInstance, inbound: InboundRouteDeps, logger: Logger): void {
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  const lean = createLeanInbound(inbound, {
    closing: () => closing,
    errorReply: (error, request) => errorReply(error, request, logger),
  });
  const fastify = app.routing;
  app.server.removeListener('request', fastify);
  app.server.on('request', (request, response) => {
    if (!lean(request, response)) fastify(request, response);
  });
}
