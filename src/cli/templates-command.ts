import { Command } from 'commander';
import type { ApiPage } from './api-client.ts';
import { type CliContext, clientFor, report } from './context.ts';
import { table } from './output.ts';

interface TemplateView {
  id: string;
  name: string;
  auth: { mode: string };
  secret: { source: 'generated' | 'sender'; hint: string };
}

/** `hookgate templates`: the sender templates `connections create --template` starts from. */
export function templatesCommand(ctx: CliContext): Command {
  return new Command('templates')
    .description('list sender templates (use one with: connections create --name … --template <id>)')
    .action(async (_flags: unknown, command: Command) => {
      const answer = await clientFor(ctx, command).request('GET', '/api/v1/templates');
      report(ctx, command, answer, (b: ApiPage<TemplateView>) =>
        table(
          b.items.map((x) => ({
            id: x.id,
            name: x.name,
            mode: x.auth.mode,
            secret: x.secret.source === 'sender' ? 'from the sender (--secret)' : 'generated',
          })),
          ['id', 'name', 'mode', 'secret'],
        ),
      );
    });
}
