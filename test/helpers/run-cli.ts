import { buildProgram } from '../../src/cli/program.ts';
import { ADMIN_TOKEN } from './test-gateway.ts';

/** What one CLI invocation printed, and its exit code. */
export interface CliRun {
  readonly out: string;
  readonly err: string;
  readonly exitCode: number;
}

/** Runs `hookgate <args>` in-process against the gateway at `url` with the test admin token. */
export function runCli(url: string, ...args: string[]): Promise<CliRun> {
  return runCliWithToken(url, ADMIN_TOKEN, ...args);
}

/** Runs `hookgate <args>` in-process against the gateway at `url` with the admin token `token`. */
export async function runCliWithToken(url: string, token: string, ...args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  let exitCode = 0;
  const program = buildProgram({
    env: { HOOKGATE_URL: url, HOOKGATE_ADMIN_TOKEN: token },
    output: { out: (s) => out.push(s), err: (s) => err.push(s) },
    fetch,
    setExitCode: (code) => {
      exitCode = code;
    },
  });
  program.exitOverride();
  await program.parseAsync(['node', 'hookgate', ...args]);
  return { out: out.join('\n'), err: err.join('\n'), exitCode };
}
