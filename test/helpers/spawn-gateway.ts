import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pollUntil } from './poll-until.ts';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The admin token gateway processes started by tests use. */
export const PROCESS_ADMIN_TOKEN = 'process-admin-token-0123456789abcdef';

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
  /** Polls the output until a log line's `msg` matches; returns it (throws after ~20 s). */
  waitForLog(msg: RegExp): Promise<Record<string, unknown>>;
  /** SIGKILLs the process (and the gateway under it, when started through a wrapper) for test clean-up. */
  kill(): void;
}

/**
 * Spawns `command args` (by default `node src/cli/main.ts start` from the sources) with HOOKGATE_PORT=0 on
 * 127.0.0.1, JSON logs and `env`, and waits for it to listen. Rejects with the output when it exits first.
 */
export async function spawnGateway(
  env: Readonly<Record<string, string>>,
  command: { readonly file: string; readonly args: readonly string[]; readonly cwd?: string } = {
    file: process.execPath,
    args: ['--experimental-sqlite', '--disable-warning=ExperimentalWarning', 'src/cli/main.ts', 'start'],
  },
): Promise<SpawnedGateway> {
  const child = spawn(command.file, [...command.args], {
    cwd: command.cwd ?? REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      HOOKGATE_PORT: '0',
      HOOKGATE_HOST: '127.0.0.1',
      HOOKGATE_LOG_FORMAT: 'json',
      HOOKGATE_ADMIN_TOKEN: PROCESS_ADMIN_TOKEN,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    stderr += chunk.toString();
  });
  const exited = new Promise<ProcessExit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
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
      attempts: 400,
      intervalMs: 50,
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
