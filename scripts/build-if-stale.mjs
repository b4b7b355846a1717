// `npm start` in a checkout: rebuilds the server (dist/) and the dashboard (web/dist/) only when a source is
// newer than the build, so a start does not pay for a compile it does not need.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The newest modification time under `paths` (files or folders), 0 when none exists. */
function newest(paths) {
  let latest = 0;
  const visit = (path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
    else latest = Math.max(latest, stat.mtimeMs);
  };
  for (const path of paths) visit(join(root, path));
  return latest;
}

/** Modification time of a build output, or 0 when it is missing. */
function built(path) {
  const full = join(root, path);
  return existsSync(full) ? statSync(full).mtimeMs : 0;
}

const targets = [
  {
    script: 'build:server',
    output: 'dist/src/cli/main.js',
    sources: ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'],
  },
  {
    script: 'build:web',
    output: 'web/dist/index.html',
    sources: ['web/src', 'web/index.html', 'web/vite.config.ts', 'web/tsconfig.json'],
  },
];

for (const target of targets) {
  if (built(target.output) >= newest(target.sources)) continue;
  process.stdout.write(`hookgate: ${target.output} is older than its sources; npm run ${target.script}\n`);
  const npm = process.env.npm_execpath;
  const result = npm
    ? spawnSync(process.execPath, [npm, 'run', '--silent', target.script], { cwd: root, stdio: 'inherit' })
    : spawnSync('npm', ['run', '--silent', target.script], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
