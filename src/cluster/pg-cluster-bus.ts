import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../observability/index.ts';
import { isStoreUnavailable } from '../store/index.ts';
import { type ClusterBus, type ClusterTopic, LocalFanOut } from './cluster-bus.ts';

/** NOTIFY payloads must stay below 8000 bytes; leave room for the JSON envelope. */
const MAX_PAYLOAD_BYTES = 7800;

/**
 * Signals published within this window go out as one NOTIFY. Each NOTIFY costs the sender about 220 µs of
 * CPU whatever it carries (a query, its reply, and the notification coming back to this instance's own
 * listener; docs/performance.md, "The gateway process's CPU per event"), so under steady inbound load the
 * window sets the bus's cost: 5 ms cost ~44 µs per event at 1k req/s, 20 ms ~11. 20 ms is still far
 * below anything a person watching a live tail, or a cache relying on its TTL, can notice.
 */
const FLUSH_DELAY_MS = 20;

/** Reconnect delays of the listening connection: doubling from the first to the last, then the last. */
const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5000;

/** How long connecting (and each LISTEN / NOTIFY) may take. */
const CONNECT_TIMEOUT_MS = 10_000;

/** How the listening connection shows in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = 'hookgate-cluster-bus';

const TOPICS: ReadonlySet<string> = new Set<ClusterTopic>([
  'history',
  'forward',
  'connection',
  'delivery',
  'processing',
]);

/** One NOTIFY payload: the sending instance and its signals. */
interface Envelope {
  readonly from: string;
  readonly signals: readonly (readonly [ClusterTopic, string])[];
}

/** What the PostgreSQL bus needs. */
export interface PgClusterBusOptions {
  /** The store's PostgreSQL URL (its `options=-c search_path=…`, if any, picks the schema). */
  readonly databaseUrl: string;
  /** The schema the store uses when it is not the URL's search_path (tests). */
  readonly schema?: string | undefined;
  readonly logger: Logger;
}

/**
 * The cluster bus over PostgreSQL LISTEN/NOTIFY. One dedicated connection per instance listens on a
 * channel named after the store's schema (installations sharing a database do not hear each other); it is
 * reconnected with backoff, and each reconnect is announced through `onResync` because signals sent
 * meanwhile are lost. Signals are sent through a separate small pool, batched per few milliseconds into
 * NOTIFY payloads below PostgreSQL's 8000-byte limit. Every `error` event is handled: a lost connection
 * is a logged warning, never a crashed process.
 */
export async function createPgClusterBus(options: PgClusterBusOptions): Promise<ClusterBus> {
  const { logger } = options;
  const instanceId = randomUUID();
  const local = new LocalFanOut();
  const sender = new pg.Pool({
    connectionString: options.databaseUrl,
    max: 2,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  sender.on('error', () => {});
  const channel = channelName(options.schema ?? (await currentSchema(sender)));
  let listener: pg.Client | null = null;
  let connected = false;
  let closed = false;
  let everConnected = false;
  let attempt = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  let outbox: [ClusterTopic, string][] = [];
  let flushTimer: NodeJS.Timeout | undefined;

  const receive = (message: pg.Notification): void => {
    const envelope = parseEnvelope(message.payload);
    if (envelope === null) return;
    const fromThisInstance = envelope.from === instanceId;
    for (const [topic, payload] of envelope.signals) local.emit(topic, payload, fromThisInstance);
  };

  const lost = (client: pg.Client, why: string): void => {
    if (listener !== client) return;
    listener = null;
    connected = false;
    client.removeAllListeners('notification');
    client.end().catch(() => {});
    if (closed) return;
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** attempt);
    // Once per outage at warning level; the reconnect attempts that follow are debug noise.
    const log = attempt === 0 ? logger.warn.bind(logger) : logger.debug.bind(logger);
    attempt += 1;
    log({ err: why, retryInMs: delay }, 'cluster channel lost; caches and workers fall back to polling');
    retryTimer = setTimeout(connect, delay);
    retryTimer.unref();
  };

  const connect = (): void => {
    if (closed) return;
    const client = new pg.Client({
      connectionString: options.databaseUrl,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      keepAlive: true,
      application_name: LISTENER_APPLICATION_NAME,
    });
    listener = client;
    client.on('error', (error) => lost(client, error.message));
    client.on('end', () => lost(client, 'connection ended'));
    client.on('notification', receive);
    client
      .connect()
      .then(() => client.query(`LISTEN ${channel}`))
      .then(
        () => {
          if (listener !== client) return;
          connected = true;
          attempt = 0;
          if (everConnected) {
            logger.info('cluster channel restored');
            local.resync();
          }
          everConnected = true;
        },
        (error: unknown) => lost(client, error instanceof Error ? error.message : String(error)),
      );
  };

  // Logged once per outage, not once per signal.
  let sendFailing = false;
  const flush = (): void => {
    flushTimer = undefined;
    const signals = outbox;
    outbox = [];
    for (const payload of envelopes(instanceId, signals)) {
      sender.query('select pg_notify($1, $2)', [channel, payload]).then(
        () => {
          sendFailing = false;
        },
        (error: unknown) => {
          // The other instances miss this signal; their TTLs and polling still find the change. An
          // unreachable store is already reported by the store's own health log.
          if (sendFailing || isStoreUnavailable(error)) return;
          sendFailing = true;
          logger.warn(
            { err: error instanceof Error ? error.message : String(error) },
            'cluster signals not sent',
          );
        },
      );
    }
  };

  connect();
  return {
    get connected() {
      return connected;
    },
    publish(topic, payload) {
      if (closed) return;
      outbox.push([topic, payload]);
      flushTimer ??= setTimeout(flush, FLUSH_DELAY_MS);
    },
    subscribe: (topic, listenerFn) => local.on(topic, listenerFn),
    onResync: (listenerFn) => local.onResync(listenerFn),
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      if (flushTimer !== undefined) {
        clearTimeout(flushTimer);
        flush();
      }
      const client = listener;
      listener = null;
      connected = false;
      await client?.end().catch(() => {});
      await sender.end().catch(() => {});
    },
  };
}

/** The NOTIFY channel of a schema: a plain identifier below PostgreSQL's 63-byte limit. */
export function channelName(schema: string): string {
  return `hookgate_${createHash('sha256').update(schema).digest('hex').slice(0, 32)}`;
}

async function currentSchema(pool: pg.Pool): Promise<string> {
  const result = await pool.query<{ name: string | null }>('select current_schema() as name');
  return result.rows[0]?.name ?? 'public';
}

/** Packs signals into as few payloads as fit below the limit; repeated signals are sent once. */
export function envelopes(from: string, signals: readonly (readonly [ClusterTopic, string])[]): string[] {
  const unique = [...new Map(signals.map((s) => [`${s[0]}\n${s[1]}`, s])).values()];
  const out: string[] = [];
  let batch: (readonly [ClusterTopic, string])[] = [];
  let size = 0;
  const base = Buffer.byteLength(JSON.stringify({ from, signals: [] }));
  for (const signal of unique) {
    const bytes = Buffer.byteLength(JSON.stringify(signal)) + 1;
    if (batch.length > 0 && base + size + bytes > MAX_PAYLOAD_BYTES) {
      out.push(JSON.stringify({ from, signals: batch }));
      batch = [];
      size = 0;
    }
    batch.push(signal);
    size += bytes;
  }
  if (batch.length > 0) out.push(JSON.stringify({ from, signals: batch }));
  return out;
}

/** The envelope of a NOTIFY payload, or null for anything else (it is ignored). */
export function parseEnvelope(payload: string | undefined): Envelope | null {
  if (payload === undefined) return null;
  try {
    const parsed = JSON.parse(payload) as { from?: unknown; signals?: unknown };
    if (typeof parsed.from !== 'string' || !Array.isArray(parsed.signals)) return null;
    const signals = parsed.signals.filter(
      (s): s is [ClusterTopic, string] =>
        Array.isArray(s) && s.length === 2 && TOPICS.has(s[0]) && typeof s[1] === 'string',
    );
    return { from: parsed.from, signals };
  } catch {
    return null;
  }
}
