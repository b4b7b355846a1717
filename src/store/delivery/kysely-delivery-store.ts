import type { Kysely } from 'kysely';
import { credentialVersions, DELIVERY_SECRETS } from '../credential-versions.ts';
import type { Database, StoreDialect } from '../database-schema.ts';
import type { GroupCommitQueues } from '../group-commit.ts';
import { DELIVERY_QUEUE, releaseJobLeases, renewJobLeases } from '../job-leases.ts';
import { isPerItemFailure } from '../store-errors.ts';
import {
  deleteApplicationRow,
  insertApplication,
  listApplicationPage,
  selectApplication,
  updateApplicationRow,
} from './application-queries.ts';
import { type CompletionResult, commitCompletionBatch } from './complete-queries.ts';
import type { DeliveryCompletion } from './delivery-inputs.ts';
import type { DeliveryStore } from './delivery-types.ts';
import {
  deleteEndpointRow,
  insertEndpoint,
  listEndpointPage,
  selectEndpoint,
  selectEndpointsOf,
  updateEndpointRow,
} from './endpoint-queries.ts';
import { commitEnqueueBatch, type EnqueueItem } from './enqueue-queries.ts';
import { countQueue, leaseDue } from './lease-queries.ts';
import {
  listAttemptPage,
  listEndpointDeliveryPage,
  listMessagePage,
  purgeDeliveryRows,
  selectDeliveriesOf,
  selectMessage,
} from './listing-queries.ts';
import { recoverEndpointRows, replayOne, replayStates } from './replay-queries.ts';

/** Largest number of publishes (or completions) committed in one group-commit transaction. */
export const MAX_DELIVERY_BATCH = 256;

/**
 * The delivery store on the shared Kysely instance. Publishes and completions go through group-commit
 * queues (one transaction per batch), the rest are single statements or short transactions.
 */
export function createDeliveryStore(
  db: Kysely<Database>,
  dialect: StoreDialect,
  queues: GroupCommitQueues,
): DeliveryStore {
  const secrets = credentialVersions(db, dialect, DELIVERY_SECRETS);
  const publishes = queues.open(
    (items: readonly EnqueueItem[]) => commitEnqueueBatch(db, items),
    MAX_DELIVERY_BATCH,
    isPerItemFailure,
  );
  const completions = queues.open<DeliveryCompletion, CompletionResult>(
    (items) => commitCompletionBatch(db, items),
    MAX_DELIVERY_BATCH,
    isPerItemFailure,
  );
  return {
    applications: {
      createApplication: (application, secret) => insertApplication(db, application, secret),
      getApplication: (id) => selectApplication(db, id),
      listApplications: (page) => listApplicationPage(db, page),
      updateApplication: (id, patch) => updateApplicationRow(db, id, patch),
      deleteApplication: (id) => deleteApplicationRow(db, id),
    },

    endpoints: {
      createEndpoint: (endpoint, secret) => insertEndpoint(db, endpoint, secret),
      getEndpoint: (id) => selectEndpoint(db, id),
      listEndpoints: (applicationId, page) => listEndpointPage(db, applicationId, page),
      endpointsOf: (applicationId) => selectEndpointsOf(db, applicationId),
      updateEndpoint: (id, patch) => updateEndpointRow(db, id, patch),
      deleteEndpoint: (id) => deleteEndpointRow(db, id),
    },

    activeSecrets: (ownerIds, now) => secrets.active(ownerIds, now),
    rotateSecret: (ownerId, next, now, retireAt) => secrets.rotate(ownerId, next, now, retireAt),
    allSecrets: () => secrets.all(),
    updateSecretMaterial: (id, material) => secrets.setMaterial(id, material),

    enqueue: (message, deliveries) => publishes.submit({ message, deliveries }),
    getMessage: (id) => selectMessage(db, id),
    listMessages: (filter) => listMessagePage(db, filter),
    deliveriesOf: (messageId) => selectDeliveriesOf(db, messageId),
    listEndpointDeliveries: (filter) => listEndpointDeliveryPage(db, filter),
    listAttempts: (filter) => listAttemptPage(db, filter),

    sharedLimits: dialect === 'postgres',
    lease: (request) => leaseDue(db, dialect, request),
    renew: (leases, until) =>
      renewJobLeases(
        db,
        DELIVERY_QUEUE,
        leases.map((lease) => ({ id: lease.deliveryId, token: lease.leaseToken })),
        until,
      ),
    queueDepth: () => countQueue(db),
    complete: (completion) => completions.submit(completion),
    release: (owner, now, unstarted) => releaseJobLeases(db, DELIVERY_QUEUE, owner, now, unstarted),

    replayDelivery: (messageId, endpointId, now) => replayOne(db, messageId, endpointId, now),
    replayFailed: (endpointId, since, now) =>
      replayStates(db, endpointId, ['FAILED', 'DEAD_LETTER'], since, now),
    recoverEndpoint: (endpointId, since, now) => recoverEndpointRows(db, endpointId, since, now),

    purge: (before) => purgeDeliveryRows(db, before),
  };
}
