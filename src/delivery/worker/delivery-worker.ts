import { randomUUID } from 'node:crypto';
import type { DeliveryCompletion, LeasedDelivery } from '../../store/index.ts';
import { DEFAULT_RETRY_SCHEDULE } from '../retry/retry-schedule.ts';
import { createEndpointLimiter } from './endpoint-limiter.ts';
import { createLeaseWorker, defaultTransport, leaseTimings } from './lease-worker.ts';
import { type BatchDeps, type JobOutcome, loadSecrets, summarize, workOne } from './work-batch.ts';
import type { DeliveryWorker, DeliveryWorkerOptions } from './worker-options.ts';
import { createSecretOpener } from './worker-secrets.ts';

/**
 * Creates a delivery worker over the store's durable queue, on the lease engine it shares with forwarding
 * (lease-worker.ts). Each round leases due deliveries (within the per-endpoint limits), opens their
 * credentials, sends them and commits attempt + next state; a local publish hands its first attempts over
 * directly (`reserve` / `handoff`). Several workers (processes) may share one PostgreSQL database: leases
 * never overlap, endpoint limits hold for all of them together, and leases are short (15 s) but renewed by a
 * heartbeat while their request runs, so a crashed worker's jobs are due again within a lease length
 * (at-least-once; receivers dedupe on the event id). A worker whose lease was taken over (it stalled past
 * the lease) aborts that request; its completion is fenced out.
 */
export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const { store, clock, logger } = options;
  const id = options.workerId ?? `worker-${randomUUID().slice(0, 8)}`;
  const transport = options.transport ?? defaultTransport(options);
  const limiter = createEndpointLimiter(
    clock,
    options.defaultMaxConcurrency ?? 20,
    store.delivery.sharedLimits,
  );
  const deps: BatchDeps = {
    workerId: id,
    store,
    logger,
    opener: createSecretOpener(options.secretBox, (versionId) =>
      logger.warn({ versionId }, 'a delivery secret does not open with the configured master keys'),
    ),
    context: {
      clock,
      transport,
      random: options.random ?? Math.random,
      defaultSchedule: options.retrySchedule ?? DEFAULT_RETRY_SCHEDULE,
    },
    ...(options.onAttempt !== undefined && { onAttempt: options.onAttempt }),
  };
  const candidateOf = (leased: LeasedDelivery) => ({
    deliveryId: leased.delivery.id,
    endpointId: leased.endpoint.id,
    maxConcurrency: leased.endpoint.maxConcurrency,
    rateLimit: leased.endpoint.rateLimit,
  });
  const engine = createLeaseWorker<
    LeasedDelivery,
    ReadonlyMap<string, string[]>,
    DeliveryCompletion,
    JobOutcome
  >({
    name: 'delivery',
    owner: id,
    clock,
    logger,
    ...leaseTimings(options),
    completionFlushMs: options.completionFlushMs ?? 10,
    waitingLimit: 0,
    limiter,
    describe: (leased: LeasedDelivery) => ({
      lease: { id: leased.delivery.id, token: leased.leaseToken },
      candidate: candidateOf(leased),
    }),
    lease: (round) =>
      store.delivery.lease({
        now: round.now,
        limit: round.limit,
        leaseMs: round.leaseMs,
        owner: round.owner,
        excludeEndpoints: round.exclude,
        admit: round.admit,
        limited: (endpointId, retryAt) => limiter.holdBack(endpointId, retryAt),
      }),
    renew: (leases, until) =>
      store.delivery.renew(
        leases.map((lease) => ({ deliveryId: lease.id, leaseToken: lease.token })),
        until,
      ),
    release: (owner, now, unstarted) => store.delivery.release(owner, now, unstarted),
    complete: (completion) => store.delivery.complete(completion),
    dueAtOf: (completion) => completion.dueAt,
    async prepare(batch, now) {
      const secrets = await loadSecrets(deps, batch, now);
      return () => secrets;
    },
    work: (leased, secrets, tools) => workOne(deps, leased, secrets, tools),
    recheckIn: () => {
      const at = limiter.nextRecheck();
      return at === undefined ? undefined : at - clock.now();
    },
  });

  return {
    id,
    async runOnce() {
      return summarize(await engine.runOnce());
    },
    tick() {
      return this.runOnce();
    },
    start: () => engine.start(),
    stop: (stopOptions) => engine.stop(stopOptions),
    notify: () => engine.notify(),
    inFlight: () => engine.inFlight(),
    async close() {
      if (options.transport === undefined) await transport.close();
    },
    reserve: (endpoint) =>
      engine.reserve({
        deliveryId: '',
        endpointId: endpoint.id,
        maxConcurrency: endpoint.maxConcurrency,
        rateLimit: endpoint.rateLimit,
      }),
    cancel: (token) => engine.cancel(token),
    handoff: (leased) => engine.handoff(leased),
  };
}
