import type { ClusterBus } from '../cluster/index.ts';
import { shareDeliveryWakeUps, shareProcessingBacklog } from '../cluster/index.ts';
import type { Config } from '../config/index.ts';
import type { Clock } from '../core/index.ts';
import { createDeliveryWorker, createMessagePublisher, type MessagePublisher } from '../delivery/index.ts';
import { createForwardWorker, type ForwardDispatch } from '../forward/index.ts';
import type { HistoryBus, InboundDeps } from '../ingest/index.ts';
import type { Logger, Metrics } from '../observability/index.ts';
import { createProcessingWorker } from '../processing/index.ts';
import type { SecretBox } from '../secrets/index.ts';
import type { Store } from '../store/index.ts';

/** The gateway's background work: outbound delivery, forwarding and inbound processing, wired to each other. */
export interface BackgroundWorkers {
  /** Publishes outbound messages (admin API and flows); first attempts are handed to the local worker. */
  readonly publisher: MessagePublisher;
  /** The inbound pipeline's hook: nudges processing after each committed event. */
  readonly onAccepted: NonNullable<InboundDeps['onAccepted']>;
  /** Wakes the delivery worker after the admin API queued a replay. */
  readonly onDeliveryQueued: () => void;
  /** Wakes the forward worker after the admin API queued a redelivery. */
  readonly onForwardQueued: () => void;
  /** The forward worker, for the inbound path's first-attempt handoff. */
  readonly forwardDispatch: ForwardDispatch;
  /** Starts both loops. */
  start(): void;
  /** How many outbound deliveries are in flight. */
  deliveriesInFlight(): number;
  /**
   * Stops both loops, waiting for the work in flight; closes the delivery transport. `abandon: true` (a
   * stop that ran out of time) aborts the deliveries still in flight without recording them: their leases
   * expire and they are sent again, as after a crash.
   */
  stop(options?: { readonly abandon?: boolean }): Promise<void>;
}

/** What the workers need. */
export interface WorkerDeps {
  readonly config: Config;
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly secretBox: SecretBox;
  /** Processing updates history rows (outcome, contact); the live tail hears them here. */
  readonly historyBus: HistoryBus;
  /** Delivery attempts are counted here. */
  readonly metrics: Metrics;
  /** The cluster signal channel: queued deliveries wake the workers of every instance. */
  readonly clusterBus?: ClusterBus;
}

/** Creates the delivery worker, the publisher over it, and the processing worker that publishes through it. */
export function createBackgroundWorkers(deps: WorkerDeps): BackgroundWorkers {
  const { store, clock, logger } = deps;
  // What both outbound workers (deliveries and forwards) run with.
  const outbound = {
    store,
    clock,
    logger,
    secretBox: deps.secretBox,
    allowPrivateDestinations: deps.config.allowPrivateDestinations,
    leaseMs: deps.config.leaseMs,
  };
  const delivery = createDeliveryWorker({
    ...outbound,
    onAttempt: (attempt) => {
      deps.metrics.deliveryAttempts.inc({ endpoint: attempt.endpointId, status: attempt.status });
      deps.metrics.deliveryDuration.observe(attempt.latencyMs / 1000);
    },
    ...(deps.config.retrySchedule !== undefined && { retrySchedule: deps.config.retrySchedule }),
  });
  const wakeDelivery = deps.clusterBus
    ? shareDeliveryWakeUps(deps.clusterBus, () => delivery.notify())
    : () => delivery.notify();
  const publisher = createMessagePublisher({ store, clock, local: delivery, onQueued: wakeDelivery });
  const forward = createForwardWorker({
    ...outbound,
    onAttempt: (attempt, status) => deps.metrics.forwards.inc({ connection: attempt.connectionId, status }),
    onChange: (change) => deps.historyBus.publishForward(change),
    ...(deps.config.retrySchedule !== undefined && { retrySchedule: deps.config.retrySchedule }),
  });
  const processing = createProcessingWorker({
    store,
    clock,
    logger,
    publisher,
    onHistoryUpdated: (row) => deps.historyBus.publish(row),
  });
  const askForHelp = deps.clusterBus ? shareProcessingBacklog(deps.clusterBus, processing, clock) : () => {};
  let stopped: Promise<void> | undefined;
  return {
    publisher,
    onAccepted: (accepted) => {
      processing.nudge(accepted);
      if (accepted.forwarding === true) forward.notify();
      askForHelp();
    },
    onDeliveryQueued: wakeDelivery,
    onForwardQueued: () => forward.notify(),
    forwardDispatch: forward,
    start() {
      delivery.start();
      processing.start();
      forward.start();
    },
    deliveriesInFlight: () => delivery.inFlight(),
    async stop(options = {}) {
      if (options.abandon === true) {
        await forward.stop({ abandon: true });
        await delivery.stop({ abandon: true });
      }
      // A stop that ran out of time calls again: both calls wait for the one closing sequence.
      stopped ??= (async () => {
        await forward.stop();
        await processing.stop();
        await delivery.stop();
        await delivery.close();
      })();
      await stopped;
    },
  };
}
