import { after, test } from 'node:test';
import { pgTestStoreFactory } from '../store/pg-test-helper.ts';
import { sqliteTestStoreFactory } from '../store/sqlite-test-helper.ts';
import { type FuzzGateway, startFuzzGateway } from './fuzz-gateway.ts';
import { assertFuzzProperty } from './fuzz-property.ts';

/**
 * 10⁴ cases per store: `npm run test:fuzz` (not part of `npm test` for now: with this seed one case leaves a
 * socket waiting and the run hangs; see the open issue). `npm run fuzz` runs 10⁶ (test/fuzz/fuzz.ts).
 */
const CASES = Number(process.env.HOOKGATE_FUZZ_CASES ?? 10_000);
const LANES = 16;
const SUITE_SEED = 20261206;

const sqlite = sqliteTestStoreFactory();
const postgres = await pgTestStoreFactory();
after(() => sqlite.dispose());
after(() => postgres.dispose());

test(`malformed and abusive HTTP over raw sockets: ${CASES} cases, SQLite and PostgreSQL alike`, {
  timeout: 600_000,
}, async (t) => {
  const gateways: FuzzGateway[] = [await startFuzzGateway('sqlite', await sqlite.fresh(t), LANES)];
  if (postgres.skip === undefined) {
    gateways.push(await startFuzzGateway('postgres', await postgres.fresh(t), LANES));
  } else {
    t.diagnostic(`PostgreSQL half skipped: ${postgres.skip}`);
  }
  t.after(() => Promise.all(gateways.map((gateway) => gateway.close())));
  // A fixed seed keeps the suite's run repeatable (the same 10⁴ cases each time, a failure reproducible
  // from its report); `npm run fuzz` draws new cases on every run and HOOKGATE_FUZZ_SEED replays one.
  await assertFuzzProperty(gateways, {
    cases: CASES,
    seed: Number(process.env.HOOKGATE_FUZZ_SEED ?? SUITE_SEED),
  });
});
