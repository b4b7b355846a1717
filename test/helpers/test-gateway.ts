import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { hashAdminToken } from '../../src/api/admin-auth.ts';
import { parseConfig } from '../../src/config/config.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { createHistoryBus, type HistoryBus } from '../../src/ingest/history-bus.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { createSecretBox, createSecretHasher } from '../../src/secrets/index.ts';
import { composeGateway } from '../../src/server/compose-gateway.ts';
import type { Store } from '../../src/store/types.ts';

/** The fixed instant every gateway test starts at: 2026-01-15T12:00:00Z. */
export const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);

/** The admin token of test gateways. */
export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

/** A gateway over a real store, with a fixed clock and its log lines captured. */
export interface TestGateway {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly clock: ReturnType<typeof fixedClock>;
  readonly historyBus: HistoryBus;
  /** Every JSON log line written so far. */
  readonly logs: string[];
  readonly masterKey: Buffer;
  /** Admin API call through `app.inject`, with the admin token. */
  api(
    method: string,
    url: string,
    body?: unknown,
  ): Promise<{ status: number; json: () => unknown; body: string }>;
}

/** Builds a gateway app on `store`; reuse `masterKey` to reopen the same data after a restart. */
export async function testGateway(
  store: Store,
  options: {
    masterKey?: Buffer;
    env?: Record<string, string>;
    /** Where the fixed clock starts (default T0). */
    startAt?: number;
    /** Run the processing and delivery workers too, as `hookgate start` does. */
    workers?: boolean;
    /** Serve a dashboard from this directory. */
    webRoot?: string;
    /** Adds test-only routes before the app is ready. */
    routes?: (app: FastifyInstance) => void;
  } = {},
): Promise<TestGateway> {
  // The refusal limit is off unless a test asks for it: most tests send refusals by the dozen from one address.
  const parsed = parseConfig({
    HOOKGATE_DATA_DIR: '/nonexistent',
    HOOKGATE_REFUSALS_PER_MINUTE: '0',
    ...options.env,
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const clock = fixedClock(options.startAt ?? T0);
  const masterKey = options.masterKey ?? randomBytes(32);
  const historyBus = createHistoryBus();
  const logger = createLogger('debug', sink);
  const secretBox = createSecretBox({ current: masterKey });
  const metrics = createMetrics();
  const { app, workers } = await composeGateway({
    config: parsed.config,
    store,
    clock,
    logger,
    metrics,
    secretBox,
    hasher: createSecretHasher({ cost: 4 }),
    historyBus,
    adminTokenHash: hashAdminToken(ADMIN_TOKEN),
    webRoot: options.webRoot,
    workers: options.workers ?? false,
  });
  if (workers) {
    workers.start();
    app.addHook('onClose', () => workers.stop());
  }
  options.routes?.(app);
  await app.ready();
  return {
    app,
    store,
    clock,
    historyBus,
    logs,
    masterKey,
    async api(method, url, body) {
      const response = await app.inject({
        method: method as 'GET',
        url,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        ...(body !== undefined && { payload: body as object }),
      });
      return { status: response.statusCode, json: () => response.json() as unknown, body: response.body };
    },
  };
}

/** Creates a connection through the API; returns its id, inbound path and generated secret (if any). */
export async function createConnection(
  gateway: TestGateway,
  auth: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; path: string; secret: string | undefined; response: Record<string, unknown> }> {
  const response = await gateway.api('POST', '/api/v1/connections', {
    name: `test ${String(auth.mode)}`,
    auth,
    ...extra,
  });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${response.body}`);
  const json = response.json() as { connection: { id: string }; secret?: string };
  return {
    id: json.connection.id,
    path: `/webhooks/in/${json.connection.id}`,
    secret: json.secret,
    response: json as Record<string, unknown>,
  };
}
