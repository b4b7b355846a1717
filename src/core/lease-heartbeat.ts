/** A lease a worker holds on one piece of work: the work's id and the token that fences it. */
export interface HeldLease {
  readonly id: string;
  readonly token: string;
}

/** How a heartbeat renews and what it reports. */
export interface LeaseHeartbeatOptions {
  /** How often the held leases are renewed (well under the lease length: a third of it by default). */
  readonly intervalMs: number;
  /** Extends the given leases by one lease length; resolves with the ids still held. */
  readonly renew: (leases: readonly HeldLease[]) => Promise<ReadonlySet<string>>;
  /** A lease found taken over by another worker (it expired while this one was stalled or cut off). */
  readonly onLost: (lease: HeldLease) => void;
  /** A renewal failed (store unreachable): the leases are tried again on the next beat. */
  readonly onError: (error: unknown) => void;
}

/** Keeps a worker's leases alive while their work runs. */
export interface LeaseHeartbeat {
  /** Starts renewing the lease (until `release`). */
  hold(lease: HeldLease): void;
  /** Stops renewing it (the work finished or was given up). */
  release(id: string): void;
  /** Renews every held lease now; resolves when done (the timer calls it; tests may too). */
  beat(): Promise<void>;
  /**
   * Stops the timer and forgets every lease (stop, or a simulated crash: the leases then expire); resolves
   * once a renewal in progress has ended, so nothing is renewed (or row-locked) after it.
   */
  stop(): Promise<void>;
}

/**
 * Creates a heartbeat. Short leases make a crashed instance's work available to the others within about a
 * lease length, and the heartbeat keeps a live worker's leases from expiring however long the work takes.
 * The timer runs only while something is held. A renewal that finds a lease taken over reports it once
 * and forgets it; the worker must then not record a result under that lease (the store fences it too).
 */
export function createLeaseHeartbeat(options: LeaseHeartbeatOptions): LeaseHeartbeat {
  const held = new Map<string, HeldLease>();
  let timer: NodeJS.Timeout | undefined;
  let beating: Promise<void> | undefined;

  const stopTimer = (): void => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };

  async function renewHeld(): Promise<void> {
    const leases = [...held.values()];
    if (leases.length === 0) return;
    let still: ReadonlySet<string>;
    try {
      still = await options.renew(leases);
    } catch (error) {
      options.onError(error);
      return;
    }
    for (const lease of leases) {
      // Released meanwhile (finished): its completion cleared the token, which is not a loss.
      if (still.has(lease.id) || held.get(lease.id) !== lease) continue;
      held.delete(lease.id);
      options.onLost(lease);
    }
    if (held.size === 0) stopTimer();
  }

  function beat(): Promise<void> {
    beating ??= renewHeld().finally(() => {
      beating = undefined;
    });
    return beating;
  }

  return {
    hold(lease) {
      held.set(lease.id, lease);
      if (timer === undefined) {
        timer = setInterval(() => void beat(), options.intervalMs);
        timer.unref();
      }
    },
    release(id) {
      held.delete(id);
      if (held.size === 0) stopTimer();
    },
    beat,
    async stop() {
      stopTimer();
      held.clear();
      await beating;
    },
  };
}
