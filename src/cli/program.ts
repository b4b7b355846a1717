import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { applicationsCommand, endpointsCommand } from './applications-command.ts';
import { connectionsCommand } from './connections-command.ts';
import type { CliContext } from './context.ts';
import { eventsCommand } from './events-command.ts';
import { historyCommand } from './history-command.ts';
import { listenCommand } from './listen/listen-command.ts';
import { maintenanceCommand } from './maintenance-command.ts';
import { messagesCommand } from './messages-command.ts';
import { sendCommand } from './send-command.ts';
import { packageRoot, startCommand } from './start-command.ts';
import { templatesCommand } from './templates-command.ts';

/** The version in hookgate's package.json. */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

/**
 * The `hookgate` command line: start the gateway, manage connections (forwarding included), read history,
 * redeliver forwarded events, send test requests;
 * outbound: applications, endpoints, messages (publish, attempts, replay).
 */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('hookgate')
    .description('self-hosted webhook gateway')
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('--json', 'machine-readable output')
    .option('--url <url>', 'gateway URL (default HOOKGATE_URL or http://127.0.0.1:8787)')
    .option('--token <token>', 'admin token (default HOOKGATE_ADMIN_TOKEN)')
    .showHelpAfterError()
    .configureOutput({
      writeOut: (s) => ctx.output.out(s.trimEnd()),
      writeErr: (s) => ctx.output.err(s.trimEnd()),
    });
  program.addCommand(startCommand(ctx));
  program.addCommand(connectionsCommand(ctx));
  program.addCommand(historyCommand(ctx));
  program.addCommand(listenCommand(ctx));
  program.addCommand(eventsCommand(ctx));
  program.addCommand(sendCommand(ctx));
  program.addCommand(templatesCommand(ctx));
  program.addCommand(applicationsCommand(ctx));
  program.addCommand(endpointsCommand(ctx));
  program.addCommand(messagesCommand(ctx));
  program.addCommand(maintenanceCommand(ctx));
  // Commands built apart and added do not inherit these settings: give them to every subcommand.
  forEachSubcommand(program, (command) =>
    command.showHelpAfterError().configureOutput(program.configureOutput()),
  );
  return program;
}

/** Calls `visit` for every subcommand of `command`, at any depth. */
export function forEachSubcommand(command: Command, visit: (subcommand: Command) => void): void {
  for (const subcommand of command.commands) {
    visit(subcommand);
    forEachSubcommand(subcommand, visit);
  }
}

/**
 * Parses `argv` and runs the command. An error a command throws (the gateway cannot be reached, a file
 * cannot be read) is printed as one line with exit code 1; commander's own exits pass through.
 */
export async function runProgram(program: Command, ctx: CliContext, argv: readonly string[]): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) throw error;
    ctx.output.err(error instanceof Error ? error.message : String(error));
    ctx.setExitCode(1);
  }
}
