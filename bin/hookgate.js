#!/usr/bin/env node
// No flags in the shebang: an older Node.js must get as far as the version check below.
import { nodeVersionProblem } from './node-version.js';

const problem = nodeVersionProblem(process.versions.node);
if (problem !== undefined) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}

// node:sqlite still announces itself as experimental on every start; that line is noise to an operator.
const printWarning = process.listeners('warning');
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name === 'ExperimentalWarning' && /SQLite/i.test(warning.message)) return;
  for (const listener of printWarning) listener(warning);
});

await import('../dist/src/cli/main.js');
