import type { Command } from 'commander';
import { type ApiAnswer, type ApiClient, createApiClient } from './api-client.ts';
import type { Output } from './output.ts';

/** What every CLI command gets: the environment, output streams and fetch; injected for tests. */
export interface CliContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly output: Output;
  readonly fetch: typeof fetch;
  setExitCode(code: number): void;
}

/** The global flags every API command accepts. */
export interface GlobalFlags {
  json?: boolean;
  url?: string;
  token?: string;
}

/** The API client for a command, honouring `--url` / `--token` over the environment. */
export function clientFor(ctx: CliContext, command: Command): ApiClient {
  const flags = command.optsWithGlobals<GlobalFlags>();
  return createApiClient(ctx.env, { url: flags.url, token: flags.token }, ctx.fetch);
}

/** Whether `--json` was given. */
export function wantsJson(command: Command): boolean {
  return command.optsWithGlobals<GlobalFlags>().json === true;
}

/**
 * Prints an API answer: on success `human(body)` (or the JSON with --json); on failure the API's
 * error message on stderr and exit code 1.
 */
export function report(
  ctx: CliContext,
  command: Command,
  answer: ApiAnswer,
  human: (body: never) => string,
): void {
  if (answer.status >= 400) {
    const body = answer.body as { message?: string } | null;
    ctx.output.err(body?.message ?? `HTTP ${answer.status}`);
    if (wantsJson(command)) ctx.output.out(JSON.stringify(answer.body));
    ctx.setExitCode(1);
    return;
  }
  ctx.output.out(wantsJson(command) ? JSON.stringify(answer.body, null, 2) : human(answer.body as never));
}

/** Prints `message` on stderr and makes the command exit with 1 (a usage or input problem found locally). */
export function fail(ctx: CliContext, message: string): void {
  ctx.output.err(message);
  ctx.setExitCode(1);
}
