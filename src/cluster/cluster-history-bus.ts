import { createHistoryBus, type HistoryBus, type KnownForward } from '../ingest/index.ts';
import { createLruMap } from '../secrets/index.ts';
import type { ForwardStore, HistoryRecord, InboundLogRepository } from '../store/index.ts';
import type { ClusterBus } from './cluster-bus.ts';

/** How often the tail reads the newest history rows itself while the cluster channel is down. */
export const TAIL_POLL_MS = 1000;

/** Rows read per poll while the channel is down, and most ids read in one query. */
const TAIL_POLL_ROWS = 200;
const TAIL_READ_ROWS = 200;

/** What the cluster-wide live tail needs. */
export interface ClusterHistoryDeps {
  readonly bus: ClusterBus;
  readonly store: Pick<InboundLogRepository, 'getHistoryRows' | 'listHistory'> & {
    readonly forward: Pick<ForwardStore, 'summaries'>;
  };
  /** Told when a row could not be read (store down); the row is skipped. */
  readonly onError?: (error: unknown) => void;
}

/**
 * The live tail of the whole cluster: rows written here reach local subscribers at once and go to the
 * other instances as their ids; ids heard from other instances are read from the store (together, while
 * a read is under way more ids gather for the next) and handed to the local subscribers, only when
 * someone here is tailing. Forward changes travel the same way (event and connection ids; the receiver
 * reads the forward's state). While the channel is down, the newest rows are polled instead, so a tail is
 * late, never silent.
 */
export function createClusterHistoryBus(deps: ClusterHistoryDeps): HistoryBus & { close(): void } {
  const local = createHistoryBus();
  let subscribers = 0;
  // Recently handed out (id → outcome), so a poll after an outage does not repeat rows already shown.
  const shown = createLruMap<string, string>(5000);
  const show = (row: HistoryRecord, forward?: KnownForward): void => {
    shown.set(row.id, row.outcome);
    local.publish(row, forward);
  };
  // Ids heard from other instances, read together: one query per batch of rows, not one per row.
  const heard: string[] = [];
  let reading = false;
  const readHeard = async (): Promise<void> => {
    reading = true;
    try {
      while (heard.length > 0) {
        const ids = heard.splice(0, TAIL_READ_ROWS);
        if (subscribers === 0) continue;
        for (const row of await deps.store.getHistoryRows(ids)) show(row);
      }
    } finally {
      reading = false;
    }
  };
  const fetchAndShow = (id: string): void => {
    if (subscribers === 0) return;
    heard.push(id);
    if (!reading) readHeard().catch(deps.onError);
  };
  const stopHearing = deps.bus.subscribe('history', (id, fromThisInstance) => {
    if (!fromThisInstance) fetchAndShow(id);
  });

  // Forward changes heard from other instances: their states read together, like rows.
  let forwardSubscribers = 0;
  const heardForwards = new Map<string, string>();
  let readingForwards = false;
  const readForwards = async (): Promise<void> => {
    readingForwards = true;
    try {
      while (heardForwards.size > 0) {
        const batch = [...heardForwards].slice(0, TAIL_READ_ROWS);
        for (const [eventId] of batch) heardForwards.delete(eventId);
        if (forwardSubscribers === 0) continue;
        const states = await deps.store.forward.summaries(batch.map(([eventId]) => eventId));
        for (const [eventId, connectionId] of batch) {
          const forward = states.get(eventId);
          if (forward !== undefined) local.publishForward({ eventId, connectionId, forward });
        }
      }
    } finally {
      readingForwards = false;
    }
  };
  const stopHearingForwards = deps.bus.subscribe('forward', (payload, fromThisInstance) => {
    const [eventId, connectionId] = payload.split(' ');
    if (fromThisInstance || forwardSubscribers === 0 || !eventId || !connectionId) return;
    heardForwards.set(eventId, connectionId);
    if (!readingForwards) readForwards().catch(deps.onError);
  });

  const poll = async (): Promise<void> => {
    if (subscribers === 0) return;
    const page = await deps.store.listHistory({ limit: TAIL_POLL_ROWS });
    for (const row of [...page.items].reverse()) if (shown.get(row.id) !== row.outcome) show(row);
  };
  const pollSafely = (): void => {
    poll().catch(deps.onError);
  };
  const stopResync = deps.bus.onResync(pollSafely);
  const timer = setInterval(() => {
    if (!deps.bus.connected) pollSafely();
  }, TAIL_POLL_MS);
  timer.unref();

  return {
    publish(row, forward) {
      show(row, forward);
      deps.bus.publish('history', row.id);
    },
    publishForward(change) {
      local.publishForward(change);
      deps.bus.publish('forward', `${change.eventId} ${change.connectionId}`);
    },
    subscribeForward(listener) {
      forwardSubscribers += 1;
      const unsubscribe = local.subscribeForward(listener);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        forwardSubscribers -= 1;
        unsubscribe();
      };
    },
    subscribe(listener) {
      subscribers += 1;
      const unsubscribe = local.subscribe(listener);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        subscribers -= 1;
        unsubscribe();
      };
    },
    close() {
      clearInterval(timer);
      stopHearing();
      stopHearingForwards();
      stopResync();
    },
  };
}
