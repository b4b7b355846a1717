/**
 * `npm run fuzz [-- --cases N] [--seed S [--path P]]`: the malformed-input property of
 * test/fuzz/malformed-input.test.ts at full size (10⁶ new cases by default, or HOOKGATE_FUZZ_CASES), on SQLite
 * and (when reachable) PostgreSQL. A failure's report gives the seed and path that replay it.
 */
import { parseArgs } from 'node:util';
import { pgTestStoreFactory } from '../store/pg-test-helper.ts';
import { sqliteTestStoreFactory } from '../store/sqlite-test-helper.ts';
import { type FuzzGateway, startFuzzGateway } from './fuzz-gateway.ts';
import { assertFuzzProperty } from './fuzz-property.ts';

const { values } = parseArgs({
  options: {
    cases: { type: 'string' },
    seed: { type: 'string' },
    path: { type: 'string' },
    lanes: { type: 'string' },
  },
});
const cases = Number(values.cases ?? process.env.HOOKGATE_FUZZ_CASES ?? 1_000_000);
const lanes = Number(values.lanes ?? 16);
const seed = values.seed === undefined ? undefined : Number(values.seed);

const sqlite = sqliteTestStoreFactory();
const postgres = await pgTestStoreFactory();
const gateways: FuzzGateway[] = [];
try {
  gateways.push(await startFuzzGateway('sqlite', await sqlite.fresh(), lanes));
  if (postgres.skip === undefined)
    gateways.push(await startFuzzGateway('postgres', await postgres.fresh(), lanes));
  else process.stderr.write(`PostgreSQL skipped: ${postgres.skip}\n`);
  const started = performance.now();
  await assertFuzzProperty(gateways, { cases, seed, path: values.path });
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  process.stdout.write(
    `${cases} cases on ${gateways.map((g) => g.label).join(' and ')}: all invariants held (${seconds} s)\n`,
  );
} finally {
  await Promise.all(gateways.map((gateway) => gateway.close()));
  await sqlite.dispose();
  await postgres.dispose();
}
