import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A real hookgate process on a free loopback port with a throwaway data dir. */
export interface RunningGateway {
  readonly url: string;
  readonly token: string;
  readonly logs: () => string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** A hash of everything the dashboard build reads, to skip a build whose output is already current. */
function sourceHash(): string {
  const hash = createHash('sha256');
  const add = (path: string) => {
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path).sort()) add(join(path, entry));
    } else hash.update(path).update(readFileSync(path));
  };
  for (const path of ['web/src', 'web/index.html', 'web/vite.config.ts']) add(join(ROOT, path));
  return hash.digest('hex');
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs `work` while holding a lock directory, so parallel test files never build at the same time. */
function withBuildLock(work: () => void): void {
  const lock = join(
    tmpdir(),
    `hookgate-e2e-build-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}`,
  );
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const stale = existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000;
      if (stale) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`dashboard build lock ${lock} held for 2 minutes`);
      else sleepSync(100);
    }
  }
  try {
    work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Builds the dashboard so the gateway serves the current web/ sources (vite takes about a second). Test
 * files run in parallel: the build is serialized, and skipped when web/dist was built from the same sources
 * (a rebuild empties web/dist under a gateway another file is using).
 */
export function buildDashboard(): void {
  withBuildLock(() => {
    const hash = sourceHash();
    const stamp = join(
      tmpdir(),
      `hookgate-e2e-dashboard-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.stamp`,
    );
    const current = existsSync(stamp) && readFileSync(stamp, 'utf8') === hash;
    if (current && existsSync(join(ROOT, 'web/dist/index.html'))) return;
    const result = spawnSync(
      process.execPath,
      [
        join(ROOT, 'node_modules/vite/bin/vite.js'),
        'build',
        '--config',
        'web/vite.config.ts',
        '--logLevel',
        'warn',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`);
    writeFileSync(stamp, hash);
  });
}

async function waitForHealth(url: string, child: ChildProcess, logs: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`gateway exited with ${child.exitCode}:\n${logs()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`gateway did not become healthy in 30 s:\n${logs()}`);
}

export interface GatewayOptions {
  /** Extra environment, e.g. `HOOKGATE_ALLOW_PRIVATE_DESTINATIONS: 'true'` to deliver to a local sink. */
  readonly env?: Readonly<Record<string, string>>;
}

/** Starts `bin/hookgate.js start` (after `npm run build`) and waits for `GET /healthz`. */
export async function startGateway(options: GatewayOptions = {}): Promise<RunningGateway> {
  if (!existsSync(join(ROOT, 'dist/src/cli/main.js'))) {
    throw new Error('dist/src/cli/main.js is missing: run `npm run build` before `npm run test:e2e`.');
  }
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'hookgate-e2e-'));
  const token = 'e2eAdminToken0123456789abcdefXYZ';
  const child = spawn(
    process.execPath,
    [
      '--experimental-sqlite',
      '--disable-warning=ExperimentalWarning',
      join(ROOT, 'bin/hookgate.js'),
      'start',
    ],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? dataDir,
        HOOKGATE_PORT: String(port),
        HOOKGATE_HOST: '127.0.0.1',
        HOOKGATE_DATA_DIR: dataDir,
        HOOKGATE_ADMIN_TOKEN: token,
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const logs = () => output;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, child, logs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, token, logs, stop };
}
