import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pollUntil } from '../helpers/poll-until.ts';
import { REPO_ROOT } from '../helpers/spawn-gateway.ts';

// The Containerfile, built and run with Debian's podman: pack → assemble the root file system → build →
// run → dashboard, readiness, admin API, inbound → SIGTERM (podman stop) drains and exits 0.

const hasPodman = spawnSync('podman', ['--version']).status === 0;
const skip = hasPodman
  ? false
  : process.env.CI === 'true'
    ? false // In CI a missing podman is a failure (.ci/run installs it), never a skip.
    : 'podman is not installed (apt-get install podman runc)';

const TOKEN = 'container-admin-token-0123456789';
const work = mkdtempSync(join(tmpdir(), 'hookgate-image-'));
const image = `localhost/hookgate-test-${randomBytes(4).toString('hex')}`;
after(() => {
  rmSync(work, { recursive: true, force: true });
  if (hasPodman) spawnSync('podman', ['rmi', '--force', image]);
});

/** Runs a command; returns stdout, or throws with the output when it fails. */
function run(file: string, args: string[], cwd = REPO_ROOT): string {
  const result = spawnSync(file, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0)
    throw new Error(`${file} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

test('the container image: built from the packed package, serves the gateway, drains on SIGTERM', {
  skip,
  timeout: 600_000,
}, async (t) => {
  run(process.execPath, ['scripts/build-if-stale.mjs']);
  run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work]);
  const tgz = readdirSync(work).find((name) => name.endsWith('.tgz'));
  assert.ok(tgz);
  const context = join(work, 'context');
  run('bash', ['scripts/container-rootfs.sh', join(work, tgz), context]);
  run('podman', ['build', '--quiet', '--tag', image, context]);

  // crun cannot set the container's rlimits in our CI sandbox (no CAP_SYS_RESOURCE, hybrid cgroups):
  // runc with limits no higher than the current ones works there and anywhere else.
  const id = run('podman', [
    'run',
    '--detach',
    '--runtime',
    'runc',
    '--ulimit',
    'nofile=1024:1024',
    '--ulimit',
    'nproc=1024:1024',
    '--publish',
    '127.0.0.1::8787',
    '--env',
    `HOOKGATE_ADMIN_TOKEN=${TOKEN}`,
    image,
  ]).trim();
  t.after(() => {
    spawnSync('podman', ['rm', '--force', id]);
  });
  const port = run('podman', ['port', id, '8787']).trim().split(':').at(-1);
  const url = `http://127.0.0.1:${port}`;
  const ready = await pollUntil(
    () =>
      fetch(`${url}/readyz`).then(
        (response) => response.status,
        () => 0,
      ),
    (status) => status === 200,
    { attempts: 300, intervalMs: 100 },
  );
  assert.equal(ready, 200, run('podman', ['logs', id]));

  const page = await fetch(`${url}/`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<div id="root"><\/div>/);
  const created = await fetch(`${url}/api/v1/connections`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'container',
      auth: { mode: 'shared_secret', secret: 'container-secret-0123' },
    }),
  });
  assert.equal(created.status, 201);
  const { connection } = (await created.json()) as { connection: { id: string } };
  const inbound = await fetch(`${url}/webhooks/in/${connection.id}`, {
    method: 'POST',
    headers: { 'x-webhook-secret': 'container-secret-0123' },
    body: '{"from":"a container"}',
  });
  assert.equal(inbound.status, 202);

  run('podman', ['stop', '--time', '30', id]);
  assert.equal(run('podman', ['inspect', '--format', '{{.State.ExitCode}}', id]).trim(), '0');
  assert.match(run('podman', ['logs', id]), /"timedOut":false,"durationMs":\d+,"msg":"hookgate stopped"/);
});
