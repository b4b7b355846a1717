import { Command } from 'commander';
import type { SigningInput } from '../api/index.ts';
import { SIGNING_STYLES } from '../delivery/index.ts';
import { type CliContext, clientFor, report } from './context.ts';
import { examples, nextPageHint, secretNote, table } from './output.ts';
import { type PageFlags, pageQuery } from './paging.ts';

/** `hookgate applications create|list`: the outbound senders (each with its signing secret). */
export function applicationsCommand(ctx: CliContext): Command {
  const cmd = new Command('applications')
    .description('manage outbound applications')
    .addHelpText(
      'after',
      examples("hookgate applications create --name 'Billing'", 'hookgate applications list'),
    );
  cmd
    .command('create')
    .description('create an application (its signing secret is shown once)')
    .requiredOption('--name <name>', 'application name')
    .addHelpText('after', examples("hookgate applications create --name 'Billing'"))
    .action(async (flags: { name: string }, command: Command) => {
      const result = await clientFor(ctx, command).api.POST('/api/v1/applications', {
        body: { name: flags.name },
      });
      report(
        ctx,
        command,
        result,
        (b) => `Created ${b.application.id} (${b.application.name})${secretNote(b.secret)}`,
      );
    });
  cmd
    .command('list')
    .description('list applications')
    .option('--limit <n>', 'page size', '50')
    .option('--cursor <cursor>', 'next page cursor')
    .option('--rotation-due', 'only applications whose signing secret rotation is due')
    .addHelpText(
      'after',
      examples('hookgate applications list --limit 20', 'hookgate applications list --rotation-due'),
    )
    .action(async (flags: PageFlags & { rotationDue?: boolean }, command: Command) => {
      const query = { ...pageQuery(flags), ...(flags.rotationDue && { rotationDue: 'true' as const }) };
      const result = await clientFor(ctx, command).api.GET('/api/v1/applications', { params: { query } });
      report(ctx, command, result, (b) => {
        const rows = b.items.map((a) => ({
          id: a.id,
          name: a.name,
          createdAt: a.createdAt,
          rotationDueAt: a.rotationDueAt,
        }));
        return (
          table(rows, ['id', 'name', 'createdAt', 'rotationDueAt'], 'No applications.') +
          nextPageHint(b.nextCursor)
        );
      });
    });
  return cmd;
}

/** `hookgate endpoints create|list <applicationId>`: where an application's messages are delivered. */
export function endpointsCommand(ctx: CliContext): Command {
  const cmd = new Command('endpoints')
    .description("manage an application's delivery endpoints")
    .addHelpText('after', examples('hookgate endpoints list app_…'));
  cmd
    .command('create <applicationId>')
    .description('add an endpoint (an endpoint-scoped secret is shown once)')
    .requiredOption('--endpoint-url <url>', 'HTTPS URL to deliver to (--url is the gateway)')
    .option('--signing <style>', `${SIGNING_STYLES.slice(0, -1).join(', ')} or ${SIGNING_STYLES.at(-1)}`)
    .option('--event-types <types>', 'comma-separated event types to receive (default: all)')
    .addHelpText(
      'after',
      examples(
        'hookgate endpoints create app_… --endpoint-url https://example.com/hooks --event-types order.paid,order.refunded',
      ),
    )
    .action(
      async (
        applicationId: string,
        flags: { endpointUrl: string; signing?: string; eventTypes?: string },
        command: Command,
      ) => {
        const body = {
          url: flags.endpointUrl,
          // The style's name is checked by the gateway, which answers which styles exist.
          ...(flags.signing && { signing: { style: flags.signing } as SigningInput }),
          ...(flags.eventTypes && { eventTypes: flags.eventTypes.split(',').map((type) => type.trim()) }),
        };
        const result = await clientFor(ctx, command).api.POST('/api/v1/applications/{id}/endpoints', {
          params: { path: { id: applicationId } },
          body,
        });
        report(
          ctx,
          command,
          result,
          (b) =>
            `Created ${b.endpoint.id} → ${b.endpoint.url} (${b.endpoint.signing.style})${secretNote(b.secret)}`,
        );
      },
    );
  cmd
    .command('list <applicationId>')
    .description("list an application's endpoints")
    .option('--limit <n>', 'page size', '50')
    .option('--cursor <cursor>', 'next page cursor')
    .addHelpText('after', examples('hookgate endpoints list app_…'))
    .action(async (applicationId: string, flags: PageFlags, command: Command) => {
      const result = await clientFor(ctx, command).api.GET('/api/v1/applications/{id}/endpoints', {
        params: { path: { id: applicationId }, query: pageQuery(flags) },
      });
      report(ctx, command, result, (b) => {
        const rows = b.items.map((e) => ({
          id: e.id,
          url: e.url,
          signing: e.signing.style,
          enabled: e.enabled,
          eventTypes: e.eventTypes?.join(',') ?? '*',
        }));
        return (
          table(rows, ['id', 'url', 'signing', 'enabled', 'eventTypes'], 'No endpoints.') +
          nextPageHint(b.nextCursor)
        );
      });
    });
  return cmd;
}
