import { Command } from 'commander';
import { type CliContext, clientFor, report } from './context.ts';

/** `hookgate maintenance reseal`: cluster-wide maintenance steps run through one instance. */
export function maintenanceCommand(ctx: CliContext): Command {
  const cmd = new Command('maintenance').description('maintenance steps (master-key rotation)');
  cmd
    .command('reseal')
    .description('re-encrypt stored secrets under the current master key (once every instance has it)')
    .action(async (_flags: unknown, command: Command) => {
      const answer = await clientFor(ctx, command).request('POST', '/api/v1/maintenance/reseal');
      report(ctx, command, answer, (b: { resealed: number }) => `Re-sealed ${b.resealed} secret version(s)`);
    });
  return cmd;
}
