import { after, test } from 'node:test';
import { pgTestStoreFactory } from '../store/pg-test-helper.ts';
import { sqliteTestStoreFactory } from '../store/sqlite-test-helper.ts';
import { type FuzzGateway, startFuzzGateway } from './fuzz-gateway.ts';
import { assertFuzzProperty } from './fuzz-property.ts';

/**
 * 10⁴ cases per store, part of `npm test` (alone: `npm run test:fuzz`); `npm run fuzz` runs 10⁶ new ones
 * (test/fuzz/fuzz.ts). HOOKGATE_FUZZ_SEED and HOOKGATE_FUZZ_PATH replay a failure from its report.
 */
const CASES = Number(process.env.HOOKGATE_FUZZ_CASES ?? 10_000);
const LANES = 16;
const SUITE_SEED = 20261206;
/**
 * The run's budget, cases and shrinking together: well above what 10⁴ cases take on a loaded machine (about
 * a minute), and below the test's timeout, so that a run that cannot finish fails with fast-check's report
 * (the seed, the path and the smallest failing batch found) instead of being cut off with none.
 */
const TIME_LIMIT_MS = 420_000;

const sqlite = sqliteTestStoreFactory();
const postgres = await pgTestStoreFactory();
after(() => sqlite.dispose());
after(() => postgres.dispose());

test(`malformed and abusive HTTP over raw sockets: ${CASES} cases, SQLite and PostgreSQL alike`, {
  timeout: TIME_LIMIT_MS + 60_000,
}, async (t) => {
  const gateways: FuzzGateway[] = [await startFuzzGateway('sqlite', await sqlite.fresh(t), LANES)];
  if (postgres.skip === undefined) {
    gateways.push(await startFuzzGateway('postgres', await postgres.fresh(t), LANES));
  } else {
    t.diagnostic(`PostgreSQL half skipped: ${postgres.skip}`);
  }
  t.after(() => Promise.all(gateways.map((gateway) => gateway.close())));
  // A fixed seed keeps the suite's run repeatable (the same 10⁴ cases each time, a failure reproducible
  // from its report); `npm run fuzz` draws new cases on every run.
  await assertFuzzProperty(gateways, {
    cases: CASES,
    seed: Number(process.env.HOOKGATE_FUZZ_SEED ?? SUITE_SEED),
    path: process.env.HOOKGATE_FUZZ_PATH,
    timeLimitMs: TIME_LIMIT_MS,
  });
});
