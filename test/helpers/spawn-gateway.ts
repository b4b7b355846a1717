import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pollUntil } from './poll-until.ts';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The admin token gateway processes started by tests use. */
export const PROCESS_ADMIN_TOKEN = 'process-admin-token-0123456789abcdef';

/** Output kept per process (the newest characters), for log lookups and failure messages. */
const OUTPUT_LIMIT = 256 * 1024;

/** How long a process may take to migrate and listen, by default. */
const READY_TIMEOUT_MS = 20_000;

/** Interval of the log polling while waiting for a line. */
const POLL_INTERVAL_MS = 50;

/** Every gateway process still running, killed when the test process exits however it ends (no orphans). */
const liveChildren = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of liveChildren) child.kill('SIGKILL');
});

/** How a child process ended. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A hookgate process started by a test, listening on a random loopback port. */
export interface SpawnedGateway {
  readonly child: ChildProcess;
  /** `http://127.0.0.1:<port>`, from the "hookgate listening" log line. */
  readonly url: string;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** What was written to stderr alone (an uncaught error lands here). */
  stderr(): string;
  /** The JSON log lines written so far. */
  logLines(): Record<string, unknown>[];
  /** Resolves when the process has exited. */
  readonly exited: Promise<ProcessExit>;
  /** Polls the output until a log line's `msg` matches; returns it (throws after `readyTimeoutMs`). */
  waitForLog(msg: RegExp): Promise<Record<string, unknown>>;
  /** SIGKILLs the process (and the gateway under it, when started through a wrapper) for test clean-up. */
  kill(): void;
}

/** The command a gateway process runs: `node src/cli/main.ts start` from the sources, by default. */
export interface GatewayCommand {
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd?: string;
}

/** `hookgate start` from the sources, type-stripped like the tests. */
const SOURCE_START: GatewayCommand = {
  file: process.execPath,
  args: ['--experimental-sqlite', '--disable-warning=ExperimentalWarning', 'src/cli/main.ts', 'start'],
};

/**
 * Spawns `command args` (by default `node src/cli/main.ts start` from the sources) with HOOKGATE_PORT=0 on
 * 127.0.0.1, JSON logs and `env` (an undefined value removes a default), and waits for it to listen.
 * Rejects with the output when it exits first or does not listen within `readyTimeoutMs`. The one way
 * tests start gateway processes: single ones (gateway-process.ts, the package tests) and clusters
 * (test/cluster/cluster-harness.ts).
 */
export async function spawnGateway(
  env: Readonly<Record<string, string | undefined>>,
  command: GatewayCommand = SOURCE_START,
  options: { readonly readyTimeoutMs?: number } = {},
): Promise<SpawnedGateway> {
  const merged: Record<string, string | undefined> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    HOOKGATE_PORT: '0',
    HOOKGATE_HOST: '127.0.0.1',
    HOOKGATE_LOG_FORMAT: 'json',
    HOOKGATE_ADMIN_TOKEN: PROCESS_ADMIN_TOKEN,
    ...env,
  };
  const childEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(merged)) if (value !== undefined) childEnv[key] = value;
  const child = spawn(command.file, [...command.args], {
    cwd: command.cwd ?? REPO_ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  liveChildren.add(child);
  let output = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_LIMIT);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_LIMIT);
    stderr = (stderr + chunk.toString()).slice(-OUTPUT_LIMIT);
  });
  const exited = new Promise<ProcessExit>((resolve) =>
    child.once('exit', (code, signal) => {
      liveChildren.delete(child);
      resolve({ code, signal });
    }),
  );
  let ended = false;
  void exited.then(() => {
    ended = true;
  });
  const logLines = (): Record<string, unknown>[] =>
    output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
  const waitForLog = async (msg: RegExp): Promise<Record<string, unknown>> => {
    const find = () => logLines().find((line) => msg.test(String(line.msg)));
    const line = await pollUntil(find, (found) => found !== undefined || ended, {
      attempts: Math.ceil((options.readyTimeoutMs ?? READY_TIMEOUT_MS) / POLL_INTERVAL_MS),
      intervalMs: POLL_INTERVAL_MS,
    });
    if (line === undefined) throw new Error(`no log line matching ${msg}; output:\n${output}`);
    return line;
  };
  const listening = await waitForLog(/^hookgate listening$/).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return {
    child,
    url: String(listening.address),
    output: () => output,
    stderr: () => stderr,
    logLines,
    exited,
    waitForLog,
    kill: () => {
      // Under a wrapper (npx, npm) the gateway is a process of its own: kill it too.
      const pid = Number(listening.pid);
      if (pid !== child.pid && Number.isInteger(pid)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      if (!ended) child.kill('SIGKILL');
    },
  };
}
