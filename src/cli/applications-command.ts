import { Command } from 'commander';
import { type ApiPage, queryString } from './api-client.ts';
import { type CliContext, clientFor, report } from './context.ts';
import { nextPageHint, secretNote, table } from './output.ts';

interface ApplicationView {
  id: string;
  name: string;
  createdAt: string;
}

interface EndpointView {
  id: string;
  url: string;
  enabled: boolean;
  signing: { style: string };
  eventTypes: string[] | null;
}

/** `hookgate applications create|list`: the outbound senders (each with its signing secret). */
export function applicationsCommand(ctx: CliContext): Command {
  const cmd = new Command('applications').description('manage outbound applications');
  cmd
    .command('create')
    .description('create an application (its signing secret is shown once)')
    .requiredOption('--name <name>', 'application name')
    .action(async (flags: { name: string }, command: Command) => {
      const answer = await clientFor(ctx, command).request('POST', '/api/v1/applications', {
        name: flags.name,
      });
      report(
        ctx,
        command,
        answer,
        (b: { application: ApplicationView; secret?: string }) =>
          `Created ${b.application.id} (${b.application.name})${secretNote(b.secret)}`,
      );
    });
  cmd
    .command('list')
    .description('list applications')
    .option('--limit <n>', 'page size', '50')
    .option('--cursor <cursor>', 'next page cursor')
    .action(async (flags: { limit: string; cursor?: string }, command: Command) => {
      const answer = await clientFor(ctx, command).request(
        'GET',
        `/api/v1/applications?${queryString(flags)}`,
      );
      report(
        ctx,
        command,
        answer,
        (b: ApiPage<ApplicationView>) =>
          table(
            b.items.map((a) => ({ id: a.id, name: a.name, createdAt: a.createdAt })),
            ['id', 'name', 'createdAt'],
          ) + nextPageHint(b.nextCursor),
      );
    });
  return cmd;
}

/** `hookgate endpoints create|list <applicationId>`: where an application's messages are delivered. */
export function endpointsCommand(ctx: CliContext): Command {
  const cmd = new Command('endpoints').description("manage an application's delivery endpoints");
  cmd
    .command('create <applicationId>')
    .description('add an endpoint (an endpoint-scoped secret is shown once)')
    .requiredOption('--endpoint-url <url>', 'HTTPS URL to deliver to (--url is the gateway)')
    .option(
      '--signing <style>',
      'hookgate, standard_webhooks, hmac_header, body_hash, api_key, bearer, basic or none',
    )
    .option('--event-types <types>', 'comma-separated event types to receive (default: all)')
    .action(
      async (
        applicationId: string,
        flags: { endpointUrl: string; signing?: string; eventTypes?: string },
        command: Command,
      ) => {
        const body = {
          url: flags.endpointUrl,
          ...(flags.signing && { signing: { style: flags.signing } }),
          ...(flags.eventTypes && { eventTypes: flags.eventTypes.split(',').map((type) => type.trim()) }),
        };
        const path = `/api/v1/applications/${encodeURIComponent(applicationId)}/endpoints`;
        const answer = await clientFor(ctx, command).request('POST', path, body);
        report(
          ctx,
          command,
          answer,
          (b: { endpoint: EndpointView; secret?: string }) =>
            `Created ${b.endpoint.id} → ${b.endpoint.url} (${b.endpoint.signing.style})${secretNote(b.secret)}`,
        );
      },
    );
  cmd
    .command('list <applicationId>')
    .description("list an application's endpoints")
    .option('--limit <n>', 'page size', '50')
    .option('--cursor <cursor>', 'next page cursor')
    .action(async (applicationId: string, flags: { limit: string; cursor?: string }, command: Command) => {
      const path = `/api/v1/applications/${encodeURIComponent(applicationId)}/endpoints?${queryString(flags)}`;
      const answer = await clientFor(ctx, command).request('GET', path);
      report(ctx, command, answer, (b: ApiPage<EndpointView>) => {
        const rows = b.items.map((e) => ({
          id: e.id,
          url: e.url,
          signing: e.signing.style,
          enabled: e.enabled,
          eventTypes: e.eventTypes?.join(',') ?? '*',
        }));
        return table(rows, ['id', 'url', 'signing', 'enabled', 'eventTypes']) + nextPageHint(b.nextCursor);
      });
    });
  return cmd;
}
