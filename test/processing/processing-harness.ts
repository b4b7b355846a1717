import type { MessagePublisher, PublishInput, PublishResult } from '../../src/delivery/message-publisher.ts';
import { createLogger } from '../../src/observability/logger.ts';
import {
  createProcessingWorker,
  type ProcessingWorker,
  type ProcessingWorkerOptions,
} from '../../src/processing/processing-worker.ts';
import { createTransformRunner } from '../../src/processing/transform-runner.ts';
import type { Store } from '../../src/store/types.ts';
import { createConnection, type TestGateway, testGateway } from '../helpers/test-gateway.ts';

/** A fake of the outbound side's publisher: records every call, dedupes by idempotency key, can fail. */
export class RecordingPublisher implements MessagePublisher {
  readonly calls: PublishInput[] = [];
  readonly #byKey = new Map<string, string>();
  /** Endpoints whose publish answers `ok: false`. */
  readonly refuse = new Set<string>();

  async publish(input: PublishInput): Promise<PublishResult> {
    this.calls.push(input);
    if (input.endpointId !== undefined && this.refuse.has(input.endpointId)) {
      return { ok: false, code: 'NOT_FOUND', message: `NOT_FOUND: No endpoint ${input.endpointId}` };
    }
    const key = input.idempotencyKey ?? `call-${this.calls.length}`;
    const known = this.#byKey.get(key);
    if (known !== undefined) return { ok: true, messageId: known, duplicate: true };
    const messageId = `msg_${this.#byKey.size + 1}`;
    this.#byKey.set(key, messageId);
    return { ok: true, messageId, duplicate: false };
  }

  /** Distinct messages published (idempotent repeats count once). */
  get messages(): number {
    return this.#byKey.size;
  }
}

type Reply = { status: number; json: () => unknown; body: string };

/** The real gateway, the processing admin routes, a worker and a recording publisher over one store. */
export interface ProcessingHarness {
  readonly gw: TestGateway;
  readonly store: Store;
  readonly publisher: RecordingPublisher;
  readonly worker: ProcessingWorker;
  /** Admin API call, with the admin token. */
  api(method: string, url: string, body?: unknown): Promise<Reply>;
  /** Creates a shared-secret connection; `send` posts a JSON payload to it and returns the status. */
  connection(): Promise<{ id: string; send(payload: unknown): Promise<number> }>;
}

/** The endpoint ids the processing tests bind flows to (the recording publisher decides what happens). */
export const FIXTURE_ENDPOINTS = ['ep_1', 'ep_2', 'ep_crm', 'ep_ok', 'ep_gone'] as const;

/** Stores an application with the fixture endpoints, so flows referring to them can be saved. */
async function createFixtureEndpoints(store: Store, now: number): Promise<void> {
  const applicationId = 'app_fixture';
  const secret = {
    id: 'sec_fixture',
    ownerId: applicationId,
    material: 'unused',
    createdAt: now,
    expiresAt: null,
  };
  await store.delivery.applications.createApplication(
    { id: applicationId, name: 'Fixture', secretPreview: 'unused', createdAt: now, updatedAt: now },
    secret,
  );
  for (const id of FIXTURE_ENDPOINTS) {
    await store.delivery.endpoints.createEndpoint(
      {
        id,
        applicationId,
        url: `https://example.com/${id}`,
        description: null,
        eventTypes: null,
        enabled: true,
        disabledReason: null,
        rateLimit: null,
        maxConcurrency: null,
        signing: { style: 'none', secretScope: 'none' },
        secretPreview: null,
        headers: {},
        retrySchedule: null,
        createdAt: now,
        updatedAt: now,
      },
      null,
    );
  }
}

/** Builds a harness on `store`; everything is closed after the test. */
export async function processingHarness(
  store: Store,
  t: { after(fn: () => Promise<void>): void },
  options: Partial<ProcessingWorkerOptions> & { timeoutMs?: number } = {},
): Promise<ProcessingHarness> {
  const gw = await testGateway(store);
  await createFixtureEndpoints(store, gw.clock.now());
  const publisher = new RecordingPublisher();
  const transforms = createTransformRunner({ timeoutMs: options.timeoutMs ?? 300, processes: 1 });
  const worker = createProcessingWorker({
    store,
    clock: gw.clock,
    publisher,
    logger: createLogger('silent'),
    transforms,
    options,
  });
  t.after(async () => {
    await worker.stop();
    await transforms.close();
    await gw.app.close();
  });
  const api = (method: string, url: string, body?: unknown): Promise<Reply> => gw.api(method, url, body);
  return {
    gw,
    store,
    publisher,
    worker,
    api,
    async connection() {
      const created = await createConnection(gw, { mode: 'shared_secret' });
      // Opt the connection into processing, as a user does by configuring it (else outcomes stay ACCEPTED).
      const settings = { identifier: null, onUnknownContact: 'skip' };
      await gw.api('PUT', `/api/v1/connections/${created.id}/processing`, settings);
      const send = async (payload: unknown) => {
        const response = await gw.app.inject({
          method: 'POST',
          url: created.path,
          headers: { 'x-webhook-secret': created.secret!, 'content-type': 'application/json' },
          payload: JSON.stringify(payload),
        });
        return response.statusCode;
      };
      return { id: created.id, send };
    },
  };
}

/** The history rows of a connection, oldest first. */
export async function historyOf(
  harness: ProcessingHarness,
  connectionId: string,
): Promise<{ outcome: string; message: string | null; contactId: string | null; eventId: string | null }[]> {
  const reply = await harness.gw.api('GET', `/api/v1/history?limit=200&connectionId=${connectionId}`);
  const rows = (
    reply.json() as {
      items: { outcome: string; message: string | null; contactId: string | null; eventId: string | null }[];
    }
  ).items;
  return rows.reverse();
}
