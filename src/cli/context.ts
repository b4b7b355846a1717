import type { Command } from 'commander';
import { type ApiClient, createApiClient } from './api-client.ts';
import type { Output } from './output.ts';

/** What every CLI command gets: the environment, output streams and fetch; injected for tests. */
export interface CliContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly output: Output;
  readonly fetch: typeof fetch;
  setExitCode(code: number): void;
  /** Ends a long-running command (`history --follow`); absent = Ctrl-C (SIGINT) does. */
  readonly signal?: AbortSignal;
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

/** Whether `--json` was given (before or after the command name). */
export function wantsJson(command: Command): boolean {
  return command.optsWithGlobals<GlobalFlags>().json === true;
}

/** What an admin API call answered: openapi-fetch's result, data on success, error otherwise. */
export interface ApiResult<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response: Response;
}

/**
 * Prints an API answer: on success `human(data)` (or the JSON with --json); on failure the API's error
 * message on stderr (and its JSON on stdout with --json) and exit code 1.
 */
export function report<T>(
  ctx: CliContext,
  command: Command,
  result: ApiResult<T>,
  human: (data: T) => string,
): void {
  if (!result.response.ok) {
    const body = result.error as { message?: unknown } | null | undefined;
    const message = typeof body?.message === 'string' ? body.message : `HTTP ${result.response.status}`;
    ctx.output.err(message);
    if (wantsJson(command)) ctx.output.out(JSON.stringify(result.error ?? null));
    ctx.setExitCode(1);
    return;
  }
  if (wantsJson(command)) ctx.output.out(JSON.stringify(result.data ?? null, null, 2));
  else ctx.output.out(human(result.data as T));
}

/** Prints `message` on stderr and makes the command exit with 1 (a usage or input problem found locally). */
export function fail(ctx: CliContext, message: string): void {
  ctx.output.err(message);
  ctx.setExitCode(1);
}
