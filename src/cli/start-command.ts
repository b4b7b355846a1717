import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { parseConfig } from '../config/config.ts';
import { startGateway } from '../server/start-gateway.ts';
import type { CliContext } from './context.ts';

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
    .action(async () => {
      const parsed = parseConfig(ctx.env);
      if (!parsed.ok) {
        ctx.output.err(`Invalid configuration:\n  ${parsed.errors.join('\n  ')}`);
        ctx.setExitCode(1);
        return;
      }
      const gateway = await startGateway(parsed.config, { webRoot: join(packageRoot(), 'web', 'dist') });
      const stop = (): void => {
        gateway.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
