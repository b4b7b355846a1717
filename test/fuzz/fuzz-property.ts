import fc from 'fast-check';
import type { CaseResult, FuzzGateway } from './fuzz-gateway.ts';
import { httpCase } from './http-cases.ts';

/** How a fuzz run is sized. */
export interface FuzzOptions {
  /** Total cases (each store runs all of them). */
  readonly cases: number;
  /** fast-check seed, to replay a failure (printed in its report). */
  readonly seed?: number | undefined;
}

/**
 * The property: for every batch of cases (one per lane, sent concurrently, each on its own socket), every
 * gateway keeps the invariants (no 5xx, an answer for every case, exactly one history row per request that
 * names a connection, a 202 for every stored event), and all gateways (one per store) answer with the same
 * statuses and leave the same history outcomes. A failure is shrunk by fast-check and reported with the
 * raw bytes of the case.
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
      const results: CaseResult[][] = [];
      for (const gateway of gateways) {
        results.push(await Promise.all(cases.map((c, lane) => gateway.run(lane, c, tag))));
      }
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
    { numRuns: Math.ceil(options.cases / lanes), ...(options.seed !== undefined && { seed: options.seed }) },
  );
}
