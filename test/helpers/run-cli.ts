import { CommanderError } from 'commander';
import { buildProgram, forEachSubcommand, runProgram } from '../../src/cli/program.ts';
import { ADMIN_TOKEN } from './test-gateway.ts';

/** What one CLI invocation printed, and its exit code. */
export interface CliRun {
  readonly out: string;
  readonly err: string;
  readonly exitCode: number;
}

/** A CLI invocation still running (e.g. `history --follow`): its output so far, and a way to stop it. */
export interface RunningCli {
  readonly out: string[];
  readonly err: string[];
  /** Ends the command as Ctrl-C would. */
  stop(): void;
  readonly done: Promise<CliRun>;
}

/** Starts `hookgate <args>` in-process against the gateway at `url` with the test admin token. */
export function startCli(url: string, ...args: string[]): RunningCli {
  return startCliWithToken(url, ADMIN_TOKEN, ...args);
}

/** Runs `hookgate <args>` in-process against the gateway at `url` with the test admin token. */
export function runCli(url: string, ...args: string[]): Promise<CliRun> {
  return startCli(url, ...args).done;
}

/** Runs `hookgate <args>` in-process against the gateway at `url` with the admin token `token`. */
export function runCliWithToken(url: string, token: string, ...args: string[]): Promise<CliRun> {
  return startCliWithToken(url, token, ...args).done;
}

function startCliWithToken(url: string, token: string, ...args: string[]): RunningCli {
  const out: string[] = [];
  const err: string[] = [];
  let exitCode = 0;
  const controller = new AbortController();
  const ctx = {
    env: { HOOKGATE_URL: url, HOOKGATE_ADMIN_TOKEN: token },
    output: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) },
    fetch,
    setExitCode: (code: number) => {
      exitCode = code;
    },
    signal: controller.signal,
  };
  const program = buildProgram(ctx);
  program.exitOverride();
  forEachSubcommand(program, (command) => command.exitOverride());
  const done = runProgram(program, ctx, ['node', 'hookgate', ...args])
    .catch((error: unknown) => {
      if (!(error instanceof CommanderError)) throw error;
      exitCode = error.exitCode;
    })
    .then(() => ({ out: out.join('\n'), err: err.join('\n'), exitCode }));
  return { out, err, stop: () => controller.abort(), done };
}
