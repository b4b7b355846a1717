import { Command } from 'commander';
import { type CliContext, clientFor, report } from './context.ts';
import { examples } from './output.ts';

/** `hookgate maintenance reseal`: cluster-wide maintenance steps run through one instance. */
export function maintenanceCommand(ctx: CliContext): Command {
  const cmd = new Command('maintenance')
    .description('maintenance steps (master-key rotation)')
    .addHelpText('after', examples('hookgate maintenance reseal'));
  cmd
    .command('reseal')
    .description('re-encrypt stored secrets under the current master key (once every instance has it)')
    .addHelpText('after', examples('hookgate maintenance reseal'))
    .action(async (_flags: unknown, command: Command) => {
      const result = await clientFor(ctx, command).api.POST('/api/v1/maintenance/reseal');
      report(ctx, command, result, (b) => `Re-sealed ${b.resealed} secret version(s)`);
    });
  return cmd;
}
