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
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { postgresSkipReason, TEST_DATABASE_URL } from '../store/pg-test-helper.ts';

/** The admin token every instance of a harness cluster shares (HOOKGATE_ADMIN_TOKEN). */
export const CLUSTER_ADMIN_TOKEN = 'cluster-admin-token-0123456789abcdef';

/** Why cluster tests cannot run here (PostgreSQL unreachable, outside CI); undefined when they can. */
export const clusterSkip: string | undefined = await postgresSkipReason();

/** The CLI entry point, run from source with type stripping like the tests. */
const CLI_MAIN = new URL('../../src/cli/main.ts', import.meta.url).pathname;

const NODE_FLAGS = [
  '--experimental-strip-types',
  '--experimental-sqlite',
  '--disable-warning=ExperimentalWarning',
];

/** How long one process may take to migrate and listen (a loaded 2-core CI machine is slow). */
const READY_TIMEOUT_MS = 60_000;

/** How long SIGTERM may take before close() falls back to SIGKILL. */
const TERM_GRACE_MS = 10_000;

/** Output kept per process (the newest characters), for failure messages. */
const OUTPUT_LIMIT = 256 * 1024;

/** Every child still running, killed when the test process exits however it ends (no orphans). */
const liveChildren = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of liveChildren) child.kill('SIGKILL');
});

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

/** A `hookgate start` child process that can be killed and started again on the same port. */
class ProcessInstance implements GatewayInstance {
  readonly name: string;
  #env: Record<string, string | undefined>;
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  #port = 0;
  #output = '';

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
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  get pid(): number {
    return this.#child?.pid ?? 0;
  }

  output(): string {
    return this.#output;
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
    if (!this.running) return;
    this.#child?.kill(signal);
    if (signal === 'SIGKILL') return this.#exited;
    const timer = setTimeout(() => this.#child?.kill('SIGKILL'), TERM_GRACE_MS);
    await this.#exited;
    clearTimeout(timer);
  }

  async restart(env: Readonly<Record<string, string | undefined>> = {}): Promise<void> {
    if (this.running) throw new Error(`instance ${this.name} is still running; kill it first`);
    this.#env = { ...this.#env, ...env };
    await this.start();
  }

  /** Spawns the process and resolves once it logged "hookgate listening" (its port is then known). */
  start(): Promise<void> {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries({ ...process.env, ...this.#env })) {
      if (value !== undefined) env[key] = value;
    }
    if (this.#port !== 0) env.HOOKGATE_PORT = String(this.#port);
    const child = spawn(process.execPath, [...NODE_FLAGS, CLI_MAIN, 'start'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    liveChildren.add(child);
    this.#exited = new Promise((resolve) =>
      child.once('exit', () => {
        liveChildren.delete(child);
        resolve();
      }),
    );
    child.stderr?.on('data', (chunk: Buffer) => this.#append(chunk.toString('utf8')));
    return new Promise((resolve, reject) => {
      let ready = false;
      let partial = '';
      const settle = (error?: Error): void => {
        ready = true;
        clearTimeout(timer);
        child.off('exit', onEarlyExit);
        if (error === undefined) {
          resolve();
          return;
        }
        child.kill('SIGKILL');
        reject(error);
      };
      const failure = (why: string): Error =>
        new Error(`instance ${this.name} ${why}; its output:\n${this.#output.slice(-4000)}`);
      const onEarlyExit = (code: number | null, signal: string | null): void =>
        settle(failure(`exited (code ${code}, signal ${signal}) before listening`));
      const timer = setTimeout(
        () => settle(failure(`did not listen within ${READY_TIMEOUT_MS} ms`)),
        READY_TIMEOUT_MS,
      );
      child.once('exit', onEarlyExit);
      child.stdout?.on('data', (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        this.#append(text);
        if (ready) return;
        const lines = (partial + text).split('\n');
        partial = lines.pop() ?? '';
        const address = lines.map(listeningAddress).find((a) => a !== undefined);
        if (address === undefined) return;
        this.#port = Number(new URL(address).port);
        settle();
      });
    });
  }

  #append(text: string): void {
    this.#output = (this.#output + text).slice(-OUTPUT_LIMIT);
  }
}

/** The `address` of a "hookgate listening" log line, else undefined. */
function listeningAddress(line: string): string | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const entry = JSON.parse(line) as { msg?: unknown; address?: unknown };
    return entry.msg === 'hookgate listening' && typeof entry.address === 'string'
      ? entry.address
      : undefined;
  } catch {
    return undefined;
  }
}
