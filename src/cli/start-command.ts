import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { parseConfig } from '../config/index.ts';
import { ListenError, type RunningGateway, startGateway } from '../server/index.ts';
import type { CliContext } from './context.ts';
import { examples } from './output.ts';

/** The package root (the folder holding package.json), from this file's location in src/ or dist/src/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** `hookgate start`: runs the gateway with the configuration from the environment. */
export function startCommand(ctx: CliContext): Command {
  return new Command('start')
    .description('run the gateway (configuration from HOOKGATE_* variables)')
    .addHelpText('after', examples('HOOKGATE_DATA_DIR=./data HOOKGATE_PORT=8787 hookgate start'))
    .action(async () => {
      const parsed = parseConfig(ctx.env);
      if (!parsed.ok) {
        ctx.output.err(`Invalid configuration:\n  ${parsed.errors.join('\n  ')}`);
        ctx.setExitCode(1);
        return;
      }
      let gateway: RunningGateway;
      try {
        gateway = await startGateway(parsed.config, { webRoot: join(packageRoot(), 'web', 'dist') });
      } catch (error) {
        if (!(error instanceof ListenError)) throw error;
        ctx.output.err(error.message);
        ctx.setExitCode(1);
        return;
      }
      stopOnSignals(gateway, parsed.config.shutdownTimeoutMs);
    });
}

/** Time allowed past the shutdown timeout for closing the store before the process gives up. */
const CLOSE_GRACE_MS = 5_000;

/**
 * SIGTERM / SIGINT stop the gateway gracefully and exit 0 once it is drained. A stop that hangs anyway
 * (a store that never answers) exits 1 shortly after the timeout; a second signal is only logged.
 */
function stopOnSignals(gateway: RunningGateway, timeoutMs: number): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      gateway.logger.warn({ signal }, 'already stopping; waiting for the drain to finish');
      return;
    }
    stopping = true;
    gateway.logger.info({ signal }, 'stop requested');
    // pino writes asynchronously: flush before exiting, or the last lines (the drain summary) are lost.
    const exit = (code: number): void => gateway.logger.flush(() => process.exit(code));
    setTimeout(() => {
      gateway.logger.error({ timeoutMs: timeoutMs + CLOSE_GRACE_MS }, 'stop did not finish in time; exiting');
      exit(1);
    }, timeoutMs + CLOSE_GRACE_MS).unref();
    gateway.close().then(
      () => exit(0),
      (error: unknown) => {
        gateway.logger.error({ err: error instanceof Error ? error.message : 'unknown' }, 'stop failed');
        exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
