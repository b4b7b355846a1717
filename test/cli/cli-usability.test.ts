import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import type { Command } from 'commander';
import type { HistoryRow } from '../../src/api/contract.ts';
import { line } from '../../src/cli/history-command.ts';
import { buildProgram } from '../../src/cli/program.ts';
import { forEachStore } from '../helpers/each-store.ts';
import { pollUntil } from '../helpers/poll-until.ts';
import { runCli, startCli } from '../helpers/run-cli.ts';
import { createConnection, type TestGateway, testGateway } from '../helpers/test-gateway.ts';
import { sqliteTestStoreFactory } from '../store/sqlite-test-helper.ts';

const factory = sqliteTestStoreFactory();

/** A port nothing listens on: taken from the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every command path of the CLI, e.g. ['connections', 'create']. */
function commandPaths(command: Command, prefix: string[] = []): string[][] {
  return command.commands.flatMap((sub) => [
    [...prefix, sub.name()],
    ...commandPaths(sub, [...prefix, sub.name()]),
  ]);
}

test('CLI: send --json prints only JSON, whether --json comes before or after the command', async (t) => {
  t.after(() => factory.dispose());
  const gw = await testGateway(await factory.fresh(t));
  const url = await gw.app.listen({ port: 0, host: '127.0.0.1' });
  t.after(() => gw.app.close());
  const { path, secret } = await createConnection(gw, { mode: 'shared_secret' });
  for (const args of [
    ['send', `${url}${path}`, '--mode', 'shared_secret', '--secret', secret!, '--json'],
    ['--json', 'send', `${url}${path}`, '--mode', 'shared_secret', '--secret', secret!],
  ]) {
    const sent = await runCli(url, ...args);
    assert.equal(sent.exitCode, 0, sent.err);
    const answer = JSON.parse(sent.out) as { status: number; body: { status: string } };
    assert.deepEqual([answer.status, answer.body.status], [202, 'accepted'], args.join(' '));
  }
});

test('CLI: a gateway that cannot be reached is named with the cause', async () => {
  const url = `http://127.0.0.1:${await closedPort()}`;
  const listed = await runCli(url, 'connections', 'list');
  assert.equal(listed.exitCode, 1);
  assert.match(listed.err, new RegExp(`^Cannot reach ${url}/api/v1/connections\\S*: .*ECONNREFUSED`));
  const sent = await runCli(
    url,
    'send',
    `${url}/webhooks/in/con_x`,
    '--mode',
    'shared_secret',
    '--secret',
    's',
  );
  assert.equal(sent.exitCode, 1);
  assert.match(sent.err, new RegExp(`^Cannot reach ${url}/webhooks/in/con_x: .*ECONNREFUSED`));
});

test('CLI: empty lists say so; table headers are words', async (t) => {
  const gw = await testGateway(await factory.fresh(t));
  const url = await gw.app.listen({ port: 0, host: '127.0.0.1' });
  t.after(() => gw.app.close());
  assert.equal((await runCli(url, 'connections', 'list')).out, 'No connections.');
  assert.equal((await runCli(url, 'history')).out, 'No history rows.');
  assert.equal((await runCli(url, 'applications', 'list')).out, 'No applications.');
  assert.equal((await runCli(url, 'messages', 'list')).out, 'No messages.');

  const { path } = await createConnection(gw, { mode: 'shared_secret' });
  await gw.app.inject({ method: 'POST', url: path, payload: '{}' });
  const history = await runCli(url, 'history');
  assert.match(
    history.out.split('\n')[0]!,
    /^RECEIVED AT\s+CONNECTION ID\s+OUTCOME\s+MESSAGE\s+EVENT ID\s+FORWARD$/,
  );
});

test("CLI: history shows a row's warnings by code (table and --follow line); --json keeps the full text", async (t) => {
  const gw = await testGateway(await factory.fresh(t), { env: { HOOKGATE_TRUSTED_PROXIES: '127.0.0.1' } });
  const url = await gw.app.listen({ port: 0, host: '127.0.0.1' });
  t.after(() => gw.app.close());
  const { path, secret } = await createConnection(gw, { mode: 'shared_secret' });
  // Relayed by the trusted loopback proxy for a remote client over plain HTTP: the credential was exposed.
  const relayed = { 'x-forwarded-proto': 'http', 'x-forwarded-for': '203.0.113.9' };
  const insecure = await gw.app.inject({
    method: 'POST',
    url: path,
    headers: { ...relayed, 'x-webhook-secret': secret!, 'content-type': 'application/json' },
    payload: '{}',
  });
  assert.equal(insecure.statusCode, 202);
  const history = (await runCli(url, 'history')).out.split('\n');
  assert.match(history[0]!, /\s+FORWARD\s+WARNINGS$/);
  assert.match(history[1]!, /ACCEPTED .*\sINSECURE_TRANSPORT$/);
  const json = JSON.parse((await runCli(url, '--json', 'history')).out) as {
    items: { warnings: string[] }[];
  };
  assert.match(json.items[0]!.warnings[0]!, /^INSECURE_TRANSPORT: .*plain HTTP/);
  const row = (await gw.api('GET', '/api/v1/history')).json() as { items: HistoryRow[] };
  assert.match(line(row.items[0]!), /\[INSECURE_TRANSPORT\]$/);
  assert.doesNotMatch(line({ ...row.items[0]!, warnings: [] }), /\[/);
});

test('CLI: the --help of every command ends with an example', async () => {
  const paths = commandPaths(
    buildProgram({ env: {}, output: { out() {}, err() {} }, fetch, setExitCode() {} }),
  );
  assert.ok(paths.length >= 15, `${paths.length} commands`);
  for (const path of paths) {
    const help = await runCli('http://127.0.0.1:1', ...path, '--help');
    assert.match(help.out, /\nExamples?:\n {2}\$ (\S+=\S+ )*hookgate /, `hookgate ${path.join(' ')} --help`);
  }
});

await forEachStore('CLI history --follow', (fresh, stores) => {
  test('reconnects after a gateway restart and shows the rows it missed, then new ones', {
    timeout: 60_000,
  }, async (t) => {
    const store = await fresh(t);
    const first = await testGateway(store);
    const connection = await createConnection(first, { mode: 'shared_secret' });
    const url = await first.app.listen({ port: 0, host: '127.0.0.1' });
    const port = Number(new URL(url).port);
    const post = async (gw: TestGateway, body: string) => {
      const response = await gw.app.inject({
        method: 'POST',
        url: connection.path,
        headers: { 'x-webhook-secret': connection.secret! },
        payload: body,
      });
      assert.equal(response.statusCode, 202);
      return (response.json() as { id: string }).id;
    };

    const cli = startCli(url, '--json', 'history', '--follow', '--connection', connection.id);
    t.after(() => cli.stop());
    await pollUntil(
      () => cli.err.join('\n'),
      (err) => err.includes('following'),
    );
    const before = await post(first, '{"n":1}');
    await pollUntil(
      () => cli.out.length,
      (n) => n === 1,
    );

    // The gateway goes away with the stream open, as a crash or restart would take it.
    const closing = first.app.close();
    first.app.server.closeAllConnections();
    await closing;
    await pollUntil(
      () => cli.err.join('\n'),
      (err) => err.includes('reconnecting'),
    );

    // A new gateway on the same data accepts two requests before it listens again on the same port.
    const reopened = await stores.openAgain(store);
    t.after(() => reopened.close());
    const second = await testGateway(reopened, { masterKey: first.masterKey });
    t.after(() => second.app.close());
    const whileAway = [await post(second, '{"n":2}'), await post(second, '{"n":3}')];
    await second.app.listen({ port, host: '127.0.0.1' });
    await pollUntil(
      () => cli.out.length,
      (n) => n === 3,
      { attempts: 3000 },
    );
    const after = await post(second, '{"n":4}');
    await pollUntil(
      () => cli.out.length,
      (n) => n === 4,
    );

    cli.stop();
    const run = await cli.done;
    assert.equal(run.exitCode, 0, run.err);
    assert.match(run.err, /connection lost \(.+\); reconnecting in [\d.]+s…/);
    assert.match(run.err, /\nreconnected(\n|$)/);
    const shown = run.out.split('\n').map((line) => (JSON.parse(line) as { eventId: string }).eventId);
    assert.deepEqual(shown, [before, ...whileAway, after], 'each row once, in the order committed');
  });
});
