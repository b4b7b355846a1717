import type { Kysely } from 'kysely';
import type { Database, StoreDialect } from '../database-schema.ts';
import { importContactRows } from './contact-import-queries.ts';
import {
  deleteContactRow,
  insertContact,
  listContactPage,
  selectContact,
  selectContactBy,
  updateContactRow,
} from './contact-queries.ts';
import { finishJobBatch } from './finish-queries.ts';
import {
  deleteFlowRow,
  insertFlow,
  listFlowPage,
  selectConnectionFlows,
  selectFlow,
  updateFlowRow,
} from './flow-queries.ts';
import { createInProcessingCache } from './in-processing-cache.ts';
import {
  claimNewJobs,
  countBacklog,
  reclaimExpiredJobs,
  renewJobRows,
  selectConnectionsInProcessing,
  selectScanFloor,
  selectUnclaimed,
  upsertScanFloor,
} from './job-queries.ts';
import type { ProcessingStore } from './processing-types.ts';
import { listRunPage, selectEventRuns, selectRun } from './run-queries.ts';
import {
  selectSample,
  selectSettings,
  storeSample,
  upsertCapture,
  upsertSettings,
} from './settings-queries.ts';

/**
 * The processing store on the shared Kysely instance: every query is shared by both dialects (reads and
 * writes go through the main connection/pool; the ingest's group commit is not involved).
 */
export function createProcessingStore(db: Kysely<Database>, _dialect: StoreDialect): ProcessingStore {
  // Which connections take part in processing is asked after every group commit of the ingest; the
  // answer changes only when settings or flows do, so it is cached (see in-processing-cache.ts).
  const taking = createInProcessingCache(() => performance.now());
  /** Runs a write to processing settings or flows, then forgets the cached answers. */
  const changing = async <T>(write: Promise<T>): Promise<T> => {
    try {
      return await write;
    } finally {
      taking.clear();
    }
  };
  return {
    getSettings: (connectionId) => selectSettings(db, connectionId),
    putSettings: (record) => changing(upsertSettings(db, record)),
    setCapture: (connectionId, armedAt, now) => changing(upsertCapture(db, connectionId, armedAt, now)),
    captureSample: (sample, receivedAt) => changing(storeSample(db, sample, receivedAt)),
    getSample: (connectionId) => selectSample(db, connectionId),

    contacts: {
      createContact: (contact) => insertContact(db, contact),
      getContact: (id) => selectContact(db, id),
      listContacts: (filter) => listContactPage(db, filter),
      updateContact: (id, patch, now) => updateContactRow(db, id, patch, now),
      deleteContact: (id) => deleteContactRow(db, id),
      findContact: (type, value) => selectContactBy(db, type, value),
      importContacts: (rows, now, newId) => importContactRows(db, rows, now, newId),
    },

    flows: {
      createFlow: (flow) => changing(insertFlow(db, flow)),
      getFlow: (id) => selectFlow(db, id),
      listFlows: (filter) => listFlowPage(db, filter),
      updateFlow: (flow) => changing(updateFlowRow(db, flow)),
      deleteFlow: (id) => changing(deleteFlowRow(db, id)),
      flowsForConnection: (connectionId) => selectConnectionFlows(db, connectionId),

      listRuns: (flowId, filter) => listRunPage(db, flowId, filter),
      getRun: (id) => selectRun(db, id),
      runsForEvent: (eventId) => selectEventRuns(db, eventId),
    },

    claimJobs: (jobs, leaseUntil) => claimNewJobs(db, jobs, leaseUntil),
    inProcessing: (connectionIds) =>
      taking.lookup(connectionIds, (ids) => selectConnectionsInProcessing(db, ids)),
    findUnclaimed: (since, limit) => selectUnclaimed(db, since, limit),
    reclaimExpired: (now, leaseUntil, limit) => reclaimExpiredJobs(db, now, leaseUntil, limit),
    renewJobs: (leases, leaseUntil) => renewJobRows(db, leases, leaseUntil),
    backlog: (now) => countBacklog(db, now),
    finishJobs: (results, now) => finishJobBatch(db, results, now),
    getScanFloor: () => selectScanFloor(db),
    setScanFloor: (at) => upsertScanFloor(db, at),
  };
}
