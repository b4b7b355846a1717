import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { z } from 'zod';
import { fixedClock } from '../../../src/core/clock.ts';
import { createEndpointBody } from '../../../src/delivery/admin/endpoint-input.ts';
import { createDeliveryServices } from '../../../src/delivery/delivery-services.ts';
import { createDestinationGuard, type Resolver } from '../../../src/delivery/ssrf/destination-guard.ts';
import { createDeliveryWorker } from '../../../src/delivery/worker/delivery-worker.ts';
import type { DeliveryWorker, DeliveryWorkerOptions } from '../../../src/delivery/worker/worker-options.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { createSecretBox } from '../../../src/secrets/secret-box.ts';
import type { Store } from '../../../src/store/types.ts';

/** The fixed instant delivery tests start at: 2026-01-15T12:00:00Z. */
export const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);

/** Test context able to register cleanups. */
export interface Cleanup {
  after(fn: () => Promise<void> | void): void;
}

/**
 * Services, publisher and workers over `store` with a fixed clock, a random master key, private
 * destinations allowed (sinks listen on 127.0.0.1), no jitter, and every log line captured.
 */
export function deliveryHarness(
  store: Store,
  t: Cleanup,
  options: { masterKey?: Buffer; resolver?: Resolver; start?: number } = {},
) {
  const clock = fixedClock(options.start ?? T0);
  const secretBox = createSecretBox({ current: options.masterKey ?? randomBytes(32) });
  const logs: string[] = [];
  const logger = createLogger(
    'debug',
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(chunk.toString('utf8'));
        done();
      },
    }),
  );
  const guard = createDestinationGuard({
    allowPrivate: true,
    ...(options.resolver && { resolver: options.resolver }),
  });
  const { applications, endpoints, publisher } = createDeliveryServices({ store, clock, secretBox, guard });

  function worker(
    overrides: Partial<DeliveryWorkerOptions> = {},
    workerStore: Store = store,
  ): DeliveryWorker {
    const created = createDeliveryWorker({
      store: workerStore,
      clock,
      logger,
      secretBox,
      allowPrivateDestinations: true,
      random: () => 0.5,
      ...(options.resolver && { resolver: options.resolver }),
      ...overrides,
    });
    t.after(async () => {
      await created.stop();
      await created.close();
    });
    return created;
  }

  async function application(name = 'Acme') {
    const created = await applications.create({ name });
    if (!created.ok) throw new Error(created.message);
    return { application: created.value.record, secret: created.value.secret ?? '' };
  }

  /** Creates an endpoint from API-shaped input (parsed like the API does, defaults applied). */
  async function endpoint(applicationId: string, input: z.input<typeof createEndpointBody>) {
    const created = await endpoints.create(applicationId, createEndpointBody.parse(input));
    if (!created.ok) throw new Error(created.message);
    return { endpoint: created.value.record, secret: created.value.secret };
  }

  async function publish(applicationId: string, type = 'order.updated', data: unknown = { orderId: 42 }) {
    const result = await publisher.publish({ applicationId, type, data });
    if (!result.ok) throw new Error(result.message);
    return result.messageId;
  }

  return {
    clock,
    secretBox,
    logs,
    logger,
    guard,
    applications,
    endpoints,
    publisher,
    worker,
    application,
    endpoint,
    publish,
  };
}
