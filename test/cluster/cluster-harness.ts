/**
 * Real multi-instance clusters for tests: N `hookgate start` processes (node, the CLI from src/) on one
 * PostgreSQL database, in a fresh schema, with one shared master key and admin token.
 *
 * ```ts
 * const cluster = await startCluster({ instances: 3 });
 * after(() => cluster.close());                  // kills every process, drops the schema
 * const [a, b] = cluster.instances;
 * await a.api('POST', '/api/v1/connections', { … });
 * await b.kill('SIGKILL');                        // kill -9
 * await b.restart();                              // same port, same environment
 * ```
 *
 * When PostgreSQL is unreachable, `clusterSkip` says why (tests skip locally; with CI=true they fail).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type SpawnedGateway, spawnGateway } from '../helpers/spawn-gateway.ts';
import { postgresSkipReason, TEST_DATABASE_URL } from '../store/pg-test-helper.ts';

/** The admin token every instance of a harness cluster shares (HOOKGATE_ADMIN_TOKEN). */
export const CLUSTER_ADMIN_TOKEN = 'cluster-admin-token-0123456789abcdef';

/** Why cluster tests cannot run here (PostgreSQL unreachable, outside CI); undefined when they can. */
export const clusterSkip: string | undefined = await postgresSkipReason();

/** How long one process may take to migrate and listen (a loaded 2-core CI machine is slow). */
const READY_TIMEOUT_MS = 60_000;

/** How long SIGTERM may take before close() falls back to SIGKILL. */
const TERM_GRACE_MS = 10_000;

/** Output kept per process (the newest characters), for failure messages. */
const OUTPUT_LIMIT = 256 * 1024;

/** One gateway process of the cluster. */
export interface GatewayInstance {
  /** `a`, `b`, `c`, … in start order. */
  readonly name: string;
  /** `http://127.0.0.1:<port>`; the port is kept across restarts. */
  readonly url: string;
  readonly port: number;
  /** True while the process runs. */
  readonly running: boolean;
  /** The process id (of the current run). */
  readonly pid: number;
  /** stdout and stderr of every run so far (JSON log lines, printed tokens), newest 256 KiB. */
  output(): string;
  /** Admin API call with the cluster's admin token; `body` is sent as JSON. */
  api(method: string, path: string, body?: unknown): Promise<Response>;
  /** Sends `signal` (SIGKILL = kill -9, SIGTERM = graceful stop) and waits until the process exited. */
  kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
  /** Starts the process again on the same port; `env` replaces variables of its environment from now on. */
  restart(env?: Readonly<Record<string, string | undefined>>): Promise<void>;
}

/** A running cluster. */
export interface Cluster {
  readonly instances: readonly GatewayInstance[];
  /** HOOKGATE_DATABASE_URL of every instance: the test database with `search_path` set to the schema. */
  readonly databaseUrl: string;
  /** The fresh schema the cluster lives in. */
  readonly schema: string;
  /** HOOKGATE_MASTER_KEY (base64) shared by every instance unless overridden. */
  readonly masterKey: string;
  readonly adminToken: string;
  /** Starts one more instance (named after the last), with `env` on top of the shared environment. */
  add(env?: Readonly<Record<string, string | undefined>>): Promise<GatewayInstance>;
  /** A pg client on the cluster's schema, for reading rows directly; closed by `close()`. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  /** Kills every process still running (SIGKILL), then drops the schema. Safe to call twice. */
  close(): Promise<void>;
}

/** Options of {@link startCluster}. */
export interface ClusterOptions {
  /** How many instances to start (concurrently). Default 3. */
  readonly instances?: number;
  /** Variables for every instance, on top of the defaults (undefined removes one, e.g. the admin token). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Variables for instance `index` only, on top of `env`. */
  readonly instanceEnv?: (index: number) => Readonly<Record<string, string | undefined>>;
}

/** Starts `instances` gateway processes on a new schema of the test database; see the file comment. */
export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  if (clusterSkip !== undefined) throw new Error(clusterSkip);
  const schema = `hookgate_cluster_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  admin.on('error', () => {});
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.query(`set search_path = ${schema}`);
  const databaseUrl = withSearchPath(TEST_DATABASE_URL, schema);
  const masterKey = randomBytes(32).toString('base64');
  const dataRoot = mkdtempSync(join(tmpdir(), 'hookgate-cluster-'));
  const shared: Record<string, string | undefined> = {
    HOOKGATE_DATABASE_URL: databaseUrl,
    HOOKGATE_MASTER_KEY: masterKey,
    HOOKGATE_ADMIN_TOKEN: CLUSTER_ADMIN_TOKEN,
    HOOKGATE_HOST: '127.0.0.1',
    HOOKGATE_PORT: '0',
    HOOKGATE_LOG_LEVEL: 'info',
    HOOKGATE_ALLOW_PRIVATE_DESTINATIONS: 'true',
    ...options.env,
  };
  const instances: ProcessInstance[] = [];
  let closed = false;

  const create = (env: Readonly<Record<string, string | undefined>> = {}): ProcessInstance => {
    const name = String.fromCharCode('a'.charCodeAt(0) + instances.length);
    const instance = new ProcessInstance(name, {
      ...shared,
      HOOKGATE_DATA_DIR: join(dataRoot, name),
      ...env,
    });
    instances.push(instance);
    return instance;
  };

  const add = async (env: Readonly<Record<string, string | undefined>> = {}): Promise<GatewayInstance> => {
    const instance = create(env);
    await instance.start();
    return instance;
  };

  const cluster: Cluster = {
    instances,
    databaseUrl,
    schema,
    masterKey,
    adminToken: CLUSTER_ADMIN_TOKEN,
    add,
    async query(text, values) {
      return (await admin.query(text, values)).rows;
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled(instances.map((i) => i.kill('SIGKILL')));
      try {
        await admin.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await admin.end();
        rmSync(dataRoot, { recursive: true, force: true });
      }
    },
  };
  try {
    const count = options.instances ?? 3;
    // Created in order, started at once: concurrent first starts are part of what a cluster must survive.
    const created = Array.from({ length: count }, (_, index) => create(options.instanceEnv?.(index)));
    await Promise.all(created.map((instance) => instance.start()));
  } catch (error) {
    await cluster.close();
    throw error;
  }
  return cluster;
}

/** `url` with `options=-c search_path=<schema>`, which pg passes to the server at connect. */
function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}

/**
 * A `hookgate start` child process that can be killed and started again on the same port. Each run is
 * started by `spawnGateway`, the one way tests start gateway processes.
 */
class ProcessInstance implements GatewayInstance {
  readonly name: string;
  #env: Record<string, string | undefined>;
  #run: SpawnedGateway | undefined;
  #port = 0;
  /** The output of the runs before the current one. */
  #earlier = '';

  constructor(name: string, env: Record<string, string | undefined>) {
    this.name = name;
    this.#env = env;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  get port(): number {
    return this.#port;
  }

  get running(): boolean {
    const child = this.#run?.child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  get pid(): number {
    return this.#run?.child.pid ?? 0;
  }

  output(): string {
    return (this.#earlier + (this.#run?.output() ?? '')).slice(-OUTPUT_LIMIT);
  }

  api(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${this.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.#env.HOOKGATE_ADMIN_TOKEN ?? CLUSTER_ADMIN_TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  async kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    const run = this.#run;
    if (run === undefined || !this.running) return;
    run.child.kill(signal);
    if (signal === 'SIGKILL') {
      await run.exited;
      return;
    }
    const timer = setTimeout(() => run.child.kill('SIGKILL'), TERM_GRACE_MS);
    await run.exited;
    clearTimeout(timer);
  }

  async restart(env: Readonly<Record<string, string | undefined>> = {}): Promise<void> {
    if (this.running) throw new Error(`instance ${this.name} is still running; kill it first`);
    this.#env = { ...this.#env, ...env };
    await this.start();
  }

  /** Spawns the process and resolves once it logged "hookgate listening" (its port is then known). */
  async start(): Promise<void> {
    if (this.#run !== undefined) this.#earlier = this.output();
    const env = {
      ...process.env,
      ...this.#env,
      ...(this.#port !== 0 && { HOOKGATE_PORT: String(this.#port) }),
    };
    try {
      this.#run = await spawnGateway(env, undefined, { readyTimeoutMs: READY_TIMEOUT_MS });
    } catch (error) {
      throw new Error(`instance ${this.name} did not start: ${(error as Error).message.slice(-4000)}`);
    }
    this.#port = Number(new URL(this.#run.url).port);
  }
}
