import { Command } from 'commander';
import { type CliContext, clientFor, report } from './context.ts';
import { examples, table } from './output.ts';

/** `hookgate templates`: the sender templates `connections create --template` starts from. */
export function templatesCommand(ctx: CliContext): Command {
  return new Command('templates')
    .description('list sender templates (use one with: connections create --name … --template <id>)')
    .addHelpText(
      'after',
      examples('hookgate templates', 'hookgate connections create --name Orders --template xoxo'),
    )
    .action(async (_flags: unknown, command: Command) => {
      const result = await clientFor(ctx, command).api.GET('/api/v1/templates');
      report(ctx, command, result, (b) =>
        table(
          b.items.map((x) => ({
            id: x.id,
            name: x.name,
            mode: x.auth.mode,
            secret: x.secret.source === 'sender' ? 'from the sender (--secret)' : 'generated',
          })),
          ['id', 'name', 'mode', 'secret'],
          'No templates.',
        ),
      );
    });
}
