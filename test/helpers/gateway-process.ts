import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ProcessExit, spawnGateway } from './spawn-gateway.ts';
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
  exited(): ProcessExit | null;
  /** Admin API call with the test admin token. */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; json: () => unknown }>;
  /** Stops it (SIGTERM, then SIGKILL if it lingers) and removes its data directory. */
  stop(): Promise<void>;
}

/**
 * `spawnGateway` with what a self-contained test gateway needs on top: the test admin token, a random
 * master key, its own data directory (removed by `stop()`) and `env`; resolves once it listens.
 */
export async function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hookgate-process-'));
  const gateway = await spawnGateway({
    HOOKGATE_DATA_DIR: dataDir,
    HOOKGATE_ADMIN_TOKEN: ADMIN_TOKEN,
    HOOKGATE_MASTER_KEY: randomBytes(32).toString('base64'),
    HOOKGATE_LOG_LEVEL: 'info',
    ...env,
  });
  let exit: ProcessExit | null = null;
  void gateway.exited.then((ended) => {
    exit = ended;
  });
  return {
    url: gateway.url,
    get logs() {
      return gateway.logLines() as GatewayProcess['logs'];
    },
    stderr: gateway.stderr,
    exited: () => exit,
    async api(method, path, body) {
      const response = await fetch(`${gateway.url}${path}`, {
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
      if (exit === null) {
        gateway.child.kill('SIGTERM');
        const lingering = setTimeout(() => gateway.kill(), 5000);
        await gateway.exited;
        clearTimeout(lingering);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
