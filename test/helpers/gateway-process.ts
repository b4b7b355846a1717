import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_TOKEN } from './test-gateway.ts';

/** `hookgate start` running as a child process, as in production: a crash ends it for real. */
export interface GatewayProcess {
  /** Its base URL, e.g. `http://127.0.0.1:43121`. */
  readonly url: string;
  /** Every JSON log line it printed so far, parsed. */
  readonly logs: Array<{ level: number; msg: string } & Record<string, unknown>>;
  /** What it wrote to stderr so far (an uncaught error lands here). */
  stderr(): string;
  /** Its exit code or signal once it ended; null while it runs. */
  exited(): { code: number | null; signal: NodeJS.Signals | null } | null;
  /** Admin API call with the admin token. */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; json: () => unknown }>;
  /** Stops it (SIGTERM, then SIGKILL if it lingers) and removes its data directory. */
  stop(): Promise<void>;
}

const ROOT = new URL('../../', import.meta.url);
const NODE_FLAGS = [
  '--experimental-strip-types',
  '--experimental-sqlite',
  '--disable-warning=ExperimentalWarning',
];

/**
 * Starts `src/cli/main.ts start` on 127.0.0.1 and a random port with the test admin token, a random master
 * key, its own data directory and `env` on top; resolves once it listens.
 */
export async function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hookgate-process-'));
  const child = spawn(process.execPath, [...NODE_FLAGS, 'src/cli/main.ts', 'start'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOOKGATE_HOST: '127.0.0.1',
      HOOKGATE_PORT: '0',
      HOOKGATE_DATA_DIR: dataDir,
      HOOKGATE_ADMIN_TOKEN: ADMIN_TOKEN,
      HOOKGATE_MASTER_KEY: randomBytes(32).toString('base64'),
      HOOKGATE_LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: GatewayProcess['logs'] = [];
  let stderr = '';
  let exit: ReturnType<GatewayProcess['exited']> = null;
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.on('exit', (code, signal) => {
    exit = { code, signal };
  });
  const url = await new Promise<string>((resolve, reject) => {
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        const entry = JSON.parse(line) as GatewayProcess['logs'][number];
        logs.push(entry);
        if (entry.msg === 'hookgate listening') resolve(String(entry.address));
      }
    });
    child.once('exit', () => reject(new Error(`the gateway exited before listening:\n${stderr}`)));
  });
  return {
    url,
    logs,
    stderr: () => stderr,
    exited: () => exit,
    async api(method, path, body) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, json: () => JSON.parse(text) as unknown };
    },
    async stop() {
      await stopChild(child, () => exit !== null);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** SIGTERM, and SIGKILL when the child has not ended 5 s later. */
async function stopChild(child: ChildProcess, ended: () => boolean): Promise<void> {
  if (ended()) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await gone;
  clearTimeout(timer);
}
