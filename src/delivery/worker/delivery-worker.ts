import { randomUUID } from 'node:crypto';
import { createLeaseHeartbeat } from '../../core/lease-heartbeat.ts';
import type { LeasedDelivery } from '../../store/delivery/delivery-inputs.ts';
import { isStoreUnavailable } from '../../store/store-errors.ts';
import { DEFAULT_RETRY_SCHEDULE } from '../retry/retry-schedule.ts';
import { createCompletionBuffer } from './completion-buffer.ts';
import { createEndpointLimiter } from './endpoint-limiter.ts';
import {
  type BatchDeps,
  defaultTransport,
  type JobOutcome,
  loadSecrets,
  summarize,
  workOne,
} from './work-batch.ts';
import type { DeliveryWorker, DeliveryWorkerOptions } from './worker-options.ts';
import { createPump } from './worker-pump.ts';
import { createSecretOpener } from './worker-secrets.ts';

/**
 * Creates a delivery worker over the store's durable queue. Each round leases due deliveries (within the
 * per-endpoint limits), opens their credentials, sends them and commits attempt + next state; a local
 * publish hands its first attempts over directly (`reserve` / `handoff`). Several workers (processes) may
 * share one PostgreSQL database: leases never overlap, endpoint limits hold for all of them together, and
 * leases are short (15 s) but renewed by a heartbeat while their request runs, so a crashed worker's jobs
 * are due again within a lease length (at-least-once; receivers dedupe on the event id). A worker whose
 * lease was taken over (it stalled past the lease) aborts that request; its completion is fenced out.
 */
export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const { store, clock, logger } = options;
  const id = options.workerId ?? `worker-${randomUUID().slice(0, 8)}`;
  const transport = options.transport ?? defaultTransport(options);
  const leaseMs = options.leaseMs ?? 15_000;
  const batchSize = options.batchSize ?? 100;
  const concurrency = options.concurrency ?? 256;
  const minLease = Math.max(1, Math.floor(batchSize / 4));
  const limiter = createEndpointLimiter(
    clock,
    options.defaultMaxConcurrency ?? 20,
    store.delivery.sharedLimits,
  );
  const completions = createCompletionBuffer(
    (completion) => store.delivery.complete(completion),
    options.completionFlushMs ?? 10,
    batchSize,
  );
  const abort = new AbortController();
  const inFlight = new Set<Promise<JobOutcome>>();
  /** Per delivery in flight: aborts its request when its lease is found taken over. */
  const requests = new Map<string, AbortController>();
  const heartbeat = createLeaseHeartbeat({
    intervalMs: options.heartbeatMs ?? Math.floor(leaseMs / 3),
    renew: (leases) =>
      store.delivery.renew(
        leases.map((lease) => ({ deliveryId: lease.id, leaseToken: lease.token })),
        clock.now() + leaseMs,
      ),
    onLost: (lease) => {
      logger.warn({ worker: id, deliveryId: lease.id }, 'delivery lease taken over; request aborted');
      requests.get(lease.id)?.abort();
    },
    // While the store is unreachable, once per beat and quietly: the store's health logs the outage once.
    onError: (error) =>
      logger[isStoreUnavailable(error) ? 'debug' : 'warn'](
        { worker: id, err: error instanceof Error ? error.message : 'unknown' },
        'delivery lease renewal failed',
      ),
  });
  let reserved = 0;
  let abandoned = false;
  let running = false;

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
    abandoned: () => abandoned,
    requestDone: (leased) => {
      limiter.release(leased.endpoint.id);
      heartbeat.release(leased.delivery.id);
      requests.delete(leased.delivery.id);
    },
    record: (completion) => {
      if (completion.attempt !== null) options.onAttempt?.(completion.attempt);
      return completions.record(completion, running);
    },
  };
  const room = (): number => concurrency - inFlight.size - reserved;

  /** Opens the batch's credentials and starts every job; on failure the slots are given back. */
  async function start(batch: readonly LeasedDelivery[]): Promise<Promise<JobOutcome>[]> {
    let secrets: Awaited<ReturnType<typeof loadSecrets>>;
    try {
      secrets = await loadSecrets(deps, batch, clock.now());
    } catch (error) {
      // The leases expire and the jobs are taken again; only this worker's slots need giving back.
      for (const leased of batch) limiter.release(leased.endpoint.id);
      throw error;
    }
    return batch.map((leased) => {
      const request = new AbortController();
      requests.set(leased.delivery.id, request);
      heartbeat.hold({ id: leased.delivery.id, token: leased.leaseToken });
      const job = workOne(deps, leased, secrets, AbortSignal.any([abort.signal, request.signal]));
      inFlight.add(job);
      void job.finally(() => {
        inFlight.delete(job);
        if (running && (room() >= minLease || inFlight.size === 0)) pump.kick();
      });
      return job;
    });
  }

  async function leaseAndStart(limit: number): Promise<Promise<JobOutcome>[]> {
    const batch = await store.delivery.lease({
      now: clock.now(),
      limit,
      leaseMs,
      owner: id,
      excludeEndpoints: limiter.saturated(),
      admit: (candidate) => limiter.admit(candidate),
      limited: (endpointId, retryAt) => limiter.holdBack(endpointId, retryAt),
    });
    return batch.length === 0 ? [] : start(batch);
  }

  const pump = createPump(
    {
      logger,
      pollIntervalMs: options.pollIntervalMs ?? 1000,
      running: () => running,
      room,
      leaseAndStart: async (limit) => (await leaseAndStart(limit)).length,
      recheckIn: () => {
        const at = limiter.nextRecheck();
        return at === undefined ? undefined : at - clock.now();
      },
    },
    batchSize,
  );

  return {
    id,
    async runOnce() {
      return summarize(await Promise.all(await leaseAndStart(Math.min(batchSize, room()))));
    },
    tick() {
      return this.runOnce();
    },
    start() {
      if (running || abandoned) return;
      running = true;
      pump.kick();
    },
    async stop(stopOptions = {}) {
      running = false;
      pump.halt();
      if (stopOptions.abandon === true) {
        // A simulated crash: nothing more is written and nothing renewed, so the leases simply expire.
        abandoned = true;
        const stopped = heartbeat.stop();
        completions.drop();
        abort.abort();
        await stopped;
      } else completions.flush();
      await Promise.allSettled([...inFlight]);
      completions.flush();
      await heartbeat.stop();
    },
    notify() {
      pump.kick();
    },
    inFlight: () => inFlight.size,
    async close() {
      if (options.transport === undefined) await transport.close();
    },
    reserve(endpoint) {
      if (!running || room() <= 0) return null;
      const candidate = {
        deliveryId: '',
        endpointId: endpoint.id,
        maxConcurrency: endpoint.maxConcurrency,
        rateLimit: endpoint.rateLimit,
      };
      // Cluster-wide limits are decided in the leasing transaction: such a delivery is queued and leased.
      if (limiter.enforcedByStore(candidate) || !limiter.admit(candidate)) return null;
      reserved += 1;
      return { token: randomUUID(), owner: id, until: clock.now() + leaseMs };
    },
    cancel(endpointId) {
      reserved = Math.max(0, reserved - 1);
      limiter.release(endpointId);
    },
    handoff(leased) {
      reserved = Math.max(0, reserved - leased.length);
      if (leased.length === 0) return;
      if (!running) {
        // Stopped between reserve and commit: the jobs stay leased and are taken again after the lease.
        for (const job of leased) limiter.release(job.endpoint.id);
        return;
      }
      start(leased).catch((error: unknown) =>
        logger.warn({ err: error instanceof Error ? error.message : 'unknown' }, 'delivery handoff failed'),
      );
    },
  };
}
