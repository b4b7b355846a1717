import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CommanderError } from 'commander';
// @ts-expect-error plain JavaScript without types: it must run on any Node.js, before TypeScript support.
import { MINIMUM_NODE, nodeVersionProblem } from '../../bin/node-version.js';
import { buildProgram } from '../../src/cli/program.ts';
import { REPO_ROOT } from '../helpers/spawn-gateway.ts';

const BIN = join(REPO_ROOT, 'bin/hookgate.js');
const problemOf = nodeVersionProblem as (version: string) => string | undefined;

test('the version check: older than the minimum gets a sentence naming the version and how to get it', () => {
  assert.equal(MINIMUM_NODE, '22.13.0');
  for (const old of ['18.20.4', '20.19.2', '22.12.0']) {
    const problem = problemOf(old);
    assert.ok(problem, old);
    assert.match(
      problem,
      new RegExp(`needs Node\\.js 22\\.13\\.0 or newer.*this is Node\\.js ${old.replaceAll('.', '\\.')}`),
    );
    assert.match(problem, /Install Node\.js 24/);
  }
  for (const fine of ['22.13.0', '22.20.1', '23.0.0', '24.21.0', '25.1.0'])
    assert.equal(problemOf(fine), undefined, fine);
});

/** Runs bin/hookgate.js with `node` (and `preload`, a module run first); returns exit code and output. */
function runBin(node: string, args: string[], preload?: string) {
  const result = spawnSync(node, [...(preload ? ['--import', preload] : []), BIN, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('bin/hookgate.js on an older Node.js (version injected): the plain message, exit 1, nothing else runs', () => {
  const fakeNode20 = `data:text/javascript,${encodeURIComponent(
    'Object.defineProperty(process, "versions", { value: { ...process.versions, node: "20.19.2" } });',
  )}`;
  const run = runBin(process.execPath, ['--help'], fakeNode20);
  assert.equal(run.status, 1);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^hookgate needs Node\.js 22\.13\.0 or newer .*this is Node\.js 20\.19\.2\./);
  assert.doesNotMatch(run.stderr, /bad option|SyntaxError|\n\s+at /);
});

const systemNode = '/usr/bin/node';
const systemVersion = existsSync(systemNode)
  ? spawnSync(systemNode, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim()
  : '';
test("bin/hookgate.js on the machine's own older Node.js", {
  skip: systemVersion === '' || problemOf(systemVersion) === undefined ? `no older ${systemNode}` : false,
}, () => {
  const run = runBin(systemNode, ['start']);
  assert.equal(run.status, 1);
  assert.match(run.stderr, new RegExp(`this is Node\\.js ${systemVersion.replaceAll('.', '\\.')}`));
  assert.doesNotMatch(run.stderr, /bad option/);
});

test('hookgate --version prints the version from package.json', async () => {
  const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  const out: string[] = [];
  const program = buildProgram({
    env: {},
    output: { out: (text) => out.push(text), err: () => {} },
    fetch,
    setExitCode: () => {},
  });
  program.exitOverride();
  await assert.rejects(
    program.parseAsync(['node', 'hookgate', '--version']),
    (error: unknown) => error instanceof CommanderError && error.code === 'commander.version',
  );
  assert.deepEqual(out, [version]);
});
