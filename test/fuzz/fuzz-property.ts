import fc from 'fast-check';
import { CASE_DEADLINE_MS, type CaseResult, type FuzzGateway } from './fuzz-gateway.ts';
import { httpCase } from './http-cases.ts';

/** How a fuzz run is sized. */
export interface FuzzOptions {
  /** Total cases (each store runs all of them). */
  readonly cases: number;
  /** fast-check seed, to replay a failure (printed in its report). */
  readonly seed?: number | undefined;
  /** fast-check replay path (printed with the seed): replays the shrunk counterexample at once. */
  readonly path?: string | undefined;
  /**
   * The longest the whole run (cases and shrinking) may take: past it fast-check stops and the run fails
   * with its report (seed, path, the smallest failing batch found so far) rather than being killed silently
   * by the test runner's own timeout.
   */
  readonly timeLimitMs?: number | undefined;
}

/**
 * A batch whose answers have not all come after this long fails, even if something other than a socket
 * hangs (a store query that never returns): the per-case deadline (`CASE_DEADLINE_MS`) catches a silent
 * socket, this catches the rest, so no run can hang.
 */
const BATCH_DEADLINE_MS = 2 * CASE_DEADLINE_MS + 10_000;

/**
 * The property: for every batch of cases (one per lane, sent concurrently, each on its own socket, to every
 * gateway at once), every gateway keeps the invariants (no 5xx, an answer or a close for every case within
 * `CASE_DEADLINE_MS`, exactly one history row per request that names a connection, a 202 for every stored
 * event), and all gateways (one per store) answer with the same statuses and leave the same history
 * outcomes. A failure is shrunk by fast-check and reported with the raw bytes of the case.
 */
export async function assertFuzzProperty(
  gateways: readonly FuzzGateway[],
  options: FuzzOptions,
): Promise<void> {
  const lanes = Math.min(...gateways.map((gateway) => gateway.lanes));
  const batch = fc.array(httpCase, { minLength: 1, maxLength: lanes });
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(batch, async (cases) => {
      runs += 1;
      const tag = `r${runs}-`;
      // The stores share nothing (each gateway has its own store and connections): run them side by side.
      const results: CaseResult[][] = await Promise.all(
        gateways.map((gateway) => Promise.all(cases.map((c, lane) => gateway.run(lane, c, tag)))),
      );
      gateways.forEach((gateway, index) => {
        cases.forEach((c, lane) => {
          const problems = gateway.check(lane, c, results[index]?.[lane] as CaseResult);
          if (problems.length > 0) {
            throw new Error(
              `[${gateway.label}] ${problems.join('; ')}\n  sent: ${gateway.describe(lane, c)}`,
            );
          }
        });
      });
      const [first, ...others] = results;
      others.forEach((other, index) => {
        cases.forEach((c, lane) => {
          const a = first?.[lane];
          const b = other[lane];
          if (JSON.stringify([a?.statuses, a?.outcomes]) !== JSON.stringify([b?.statuses, b?.outcomes])) {
            const names = `${gateways[0]?.label} vs ${gateways[index + 1]?.label}`;
            throw new Error(
              `${names}: ${JSON.stringify([a?.statuses, a?.outcomes])} vs ${JSON.stringify([b?.statuses, b?.outcomes])}\n  sent: ${gateways[0]?.describe(lane, c)}`,
            );
          }
        });
      });
    }),
    {
      numRuns: Math.ceil(options.cases / lanes),
      ...(options.seed !== undefined && { seed: options.seed }),
      ...(options.path !== undefined && { path: options.path, endOnFailure: true }),
      plugins: [
        fc.timeout(BATCH_DEADLINE_MS),
        ...(options.timeLimitMs === undefined
          ? []
          : [fc.interruptAfterTimeLimit(options.timeLimitMs, { failOnInterrupt: true })]),
      ],
    },
  );
}
