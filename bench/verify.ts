// npm run bench:verify: hookgate's verifier (the `hookgate/verify` library) against the official SDK verifiers
// (stripe, svix, @octokit/webhooks-methods) on the same signed inputs. Each contender runs in alternating
// timed rounds after a warm-up; the best round counts. Prints one table. Not a test: nothing is asserted.
import { type BenchCase, BODY, benchCases, type Contender } from './verify-cases.ts';

const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const BATCH = 256;

/** Runs `contender` in batches for about `ms` milliseconds; returns operations per second. */
async function round(contender: Contender, ms: number): Promise<number> {
  let operations = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(ms) * 1_000_000n;
  let now = started;
  while (now < deadline) {
    for (let i = 0; i < BATCH; i += 1) {
      const outcome = contender();
      if ((outcome instanceof Promise ? await outcome : outcome) !== true) throw new Error('did not verify');
    }
    operations += BATCH;
    now = process.hrtime.bigint();
  }
  return (operations * 1e9) / Number(now - started);
}

async function compare(bench: BenchCase): Promise<Record<string, string | number>> {
  await round(bench.sdkVerify, ROUND_MS);
  await round(bench.hookgate, ROUND_MS);
  let sdk = 0;
  let hookgate = 0;
  for (let i = 0; i < ROUNDS; i += 1) {
    sdk = Math.max(sdk, await round(bench.sdkVerify, ROUND_MS));
    hookgate = Math.max(hookgate, await round(bench.hookgate, ROUND_MS));
  }
  return {
    case: bench.name,
    sdk: bench.sdk,
    hookgate: bench.api ?? 'verifySync',
    'sdk ops/s': Math.round(sdk),
    'hookgate ops/s': Math.round(hookgate),
    ratio: `${(hookgate / sdk).toFixed(2)}×`,
  };
}

const rows: Record<string, string | number>[] = [];
for (const bench of await benchCases()) rows.push(await compare(bench));
console.log(`Node ${process.version}, body ${BODY.length} bytes, best of ${ROUNDS} rounds × ${ROUND_MS} ms`);
console.table(rows);
