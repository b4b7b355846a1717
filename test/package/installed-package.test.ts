import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PROCESS_ADMIN_TOKEN, REPO_ROOT, spawnGateway } from '../helpers/spawn-gateway.ts';

// The artifact as a user gets it: `npm pack` (its prepack builds server and dashboard), then
// `npm install <tgz> --omit=dev` in an empty folder, then `npx hookgate start`.

const work = mkdtempSync(join(tmpdir(), 'hookgate-package-'));
const app = join(work, 'app');
const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
after(() => rmSync(work, { recursive: true, force: true }));

/** Runs npm; throws with its output when it fails. */
function npm(args: string[], cwd: string): string {
  const result = spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_loglevel: 'error' },
  });
  if (result.status !== 0)
    throw new Error(`npm ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

before(() => {
  // The build is current here (`npm test`'s pretest, CI's build step). Packing with scripts would run
  // prepack's build again, and Vite empties web/dist while other tests (the container image) read it.
  const scripts = (
    JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  ).scripts;
  assert.equal(scripts.prepack, 'npm run build', 'npm pack builds server and dashboard first');
  assert.equal(scripts.prepare, undefined, 'installing the package runs no build');
  npm(['pack', '--ignore-scripts', '--pack-destination', work], REPO_ROOT);
  const packed = readdirSync(work).find((name) => name.endsWith('.tgz'));
  assert.ok(packed);
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'hookgate-user', private: true }));
  npm(['install', join(work, packed), '--omit=dev', '--no-audit', '--no-fund'], app);
});

test('the installed package holds the built server and dashboard, and neither a compiler nor a Node.js runtime', () => {
  const installed = join(app, 'node_modules');
  assert.ok(existsSync(join(installed, 'hookgate/dist/src/cli/main.js')));
  assert.ok(existsSync(join(installed, 'hookgate/web/dist/index.html')), 'the dashboard is in the package');
  assert.ok(!existsSync(join(installed, 'hookgate/src')), 'TypeScript sources are not shipped');
  assert.ok(!existsSync(join(installed, 'typescript')), 'no compiler is installed');
  assert.ok(!existsSync(join(installed, 'node')), 'no Node.js runtime is pulled in');
  const run = spawnSync('npx', ['--no-install', 'hookgate', '--version'], { cwd: app, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), version);
});

test('npx hookgate start: dashboard, readiness, admin API and inbound work; SIGTERM stops it with exit 0', async (t) => {
  const spawnedAt = performance.now();
  const gateway = await spawnGateway(
    { HOOKGATE_DATA_DIR: join(work, 'data') },
    { file: 'npx', args: ['--no-install', 'hookgate', 'start'], cwd: app },
  );
  t.after(() => gateway.kill());
  t.diagnostic(`spawn to listening: ${Math.round(performance.now() - spawnedAt)} ms`);
  assert.doesNotMatch(gateway.output(), /ExperimentalWarning/, 'no experimental-feature noise');

  const page = await fetch(`${gateway.url}/`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
  const html = await page.text();
  assert.match(html, /<div id="root"><\/div>/);
  const script = /<script[^>]+src="([^"]+)"/.exec(html)?.[1];
  assert.ok(script, 'the page loads its bundle');
  assert.equal((await fetch(`${gateway.url}${script}`)).status, 200);

  assert.equal((await fetch(`${gateway.url}/readyz`)).status, 200);
  const created = await fetch(`${gateway.url}/api/v1/connections`, {
    method: 'POST',
    headers: { authorization: `Bearer ${PROCESS_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'packaged',
      auth: { mode: 'shared_secret', secret: 'packaged-secret-0123' },
    }),
  });
  assert.equal(created.status, 201);
  const { connection } = (await created.json()) as { connection: { id: string } };
  const inbound = await fetch(`${gateway.url}/webhooks/in/${connection.id}`, {
    method: 'POST',
    headers: { 'x-webhook-secret': 'packaged-secret-0123', 'content-type': 'application/json' },
    body: '{"hello":"world"}',
  });
  assert.equal(inbound.status, 202);

  // npx does not pass a SIGTERM on to the program it runs (a supervisor should run
  // node_modules/.bin/hookgate itself); the signal goes to the gateway, as a supervisor's would.
  const pid = Number((await gateway.waitForLog(/^hookgate listening$/)).pid);
  process.kill(pid, 'SIGTERM');
  assert.deepEqual(await gateway.exited, { code: 0, signal: null }, gateway.output());
  const stopped = await gateway.waitForLog(/^hookgate stopped$/);
  assert.equal(stopped.timedOut, false);
});

test('node_modules/.bin/hookgate start, as a supervisor runs it: SIGTERM drains and exits 0', async (t) => {
  const spawnedAt = performance.now();
  const gateway = await spawnGateway(
    { HOOKGATE_DATA_DIR: join(work, 'data') },
    { file: join(app, 'node_modules/.bin/hookgate'), args: ['start'], cwd: app },
  );
  t.after(() => gateway.kill());
  t.diagnostic(`spawn to listening, no npx: ${Math.round(performance.now() - spawnedAt)} ms`);
  assert.equal(Number((await gateway.waitForLog(/^hookgate listening$/)).pid), gateway.child.pid);
  assert.equal((await fetch(`${gateway.url}/readyz`)).status, 200);
  gateway.child.kill('SIGTERM');
  assert.deepEqual(await gateway.exited, { code: 0, signal: null }, gateway.output());
});

test('npm start in the checkout: no rebuild when the build is current, and SIGTERM to npm stops the gateway', async (t) => {
  const gateway = await spawnGateway(
    { HOOKGATE_DATA_DIR: join(work, 'npm-start-data') },
    { file: 'npm', args: ['start', '--silent'] },
  );
  t.after(() => gateway.kill());
  assert.doesNotMatch(gateway.output(), /older than its sources/, 'the build from npm pack is current');
  const pid = Number((await gateway.waitForLog(/^hookgate listening$/)).pid);
  assert.notEqual(pid, gateway.child.pid, 'the gateway runs in its own node process under npm');

  gateway.child.kill('SIGTERM');
  await gateway.exited;
  const stopped = await gateway.waitForLog(/^hookgate stopped$/);
  assert.equal(stopped.pid, pid, 'the gateway itself got the signal and drained');
  assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' }, 'no gateway process is left behind');
});
