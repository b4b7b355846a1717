import type { HistoryOutcome } from '../../errors/index.ts';
import type { HistoryRecord, Page, PageRequest } from '../types.ts';
import type {
  ConnectionProcessingRecord,
  ContactIdentifiers,
  ContactPatch,
  ContactRecord,
  FlowRecord,
  FlowRunRecord,
  FlowRunStatus,
  IdentifierType,
  SampleRecord,
} from './processing-records.ts';

export type * from './processing-records.ts';

/** An accepted event waiting to be processed, as found by a scan or told by the ingest. */
export interface ProcessingJob {
  readonly eventId: string;
  readonly historyId: string;
  readonly connectionId: string;
  /** Claims so far, including the current one (1 on the first claim). */
  readonly attempts: number;
  /** The current claim's token: renewing the claim and committing the result must present it. */
  readonly leaseToken: string;
}

/** An accepted event to claim: a job before it has a claim. */
export type UnclaimedJob = Omit<ProcessingJob, 'attempts' | 'leaseToken'>;

/** A claim the worker holds, as presented to renew it. */
export interface HeldJobLease {
  readonly eventId: string;
  readonly leaseToken: string;
}

/** Claimed events not finished yet, for the whole database (the `/metrics` gauge). */
export interface ProcessingBacklog {
  /** Claims whose lease is live: being processed, or waiting for their retry. */
  readonly running: number;
  /** Claims whose lease ran out: their worker died; the next reclaim takes them. */
  readonly expired: number;
}

/** The result of processing one event, committed together with the other events of its batch. */
export interface ProcessedEvent {
  readonly eventId: string;
  readonly historyId: string;
  /** The claim it was processed under; the result is dropped when that claim was taken over meanwhile. */
  readonly leaseToken: string;
  readonly outcome: HistoryOutcome;
  readonly message: string | null;
  readonly contactId: string | null;
  /** `done`, or `failed` when processing gave up (after the last attempt). */
  readonly state: 'done' | 'failed';
  readonly runs: readonly FlowRunRecord[];
}

/** What one row of a contact import did. */
export type ImportRowResult =
  | { readonly status: 'created' | 'updated'; readonly id: string }
  | { readonly status: 'conflict'; readonly message: string };

/** A contact import row: identifiers (already normalized) and the other fields. */
export interface ContactImportRow extends ContactIdentifiers {
  readonly name: string | null;
  readonly attributes: Readonly<Record<string, unknown>> | null;
}

/** Filters of the contact listing. */
export interface ContactFilter extends PageRequest, Partial<ContactIdentifiers> {}

/** A connection's processing settings (identifier mapping, policy) and its captured schema sample. */
export interface ProcessingSettingsRepository {
  getSettings(connectionId: string): Promise<ConnectionProcessingRecord | null>;
  /** Creates or replaces the identifier mapping and policy; the capture state is kept. */
  putSettings(
    record: Omit<ConnectionProcessingRecord, 'captureArmedAt' | 'sampleEventId'>,
  ): Promise<ConnectionProcessingRecord>;
  /** Arms (`armedAt` = now) or disarms (`null`) "capture next sample". */
  setCapture(connectionId: string, armedAt: number | null, now: number): Promise<void>;
  /**
   * Stores `sample` if capture is armed at or before the event's receipt, disarming it (one event wins);
   * true also when this event already is the sample (a repeated run).
   */
  captureSample(sample: SampleRecord, receivedAt: number): Promise<boolean>;
  getSample(connectionId: string): Promise<SampleRecord | null>;
}

/** Contacts and their identifiers. A unique identifier's clash throws `StoreConflictError`. */
export interface ContactRepository {
  createContact(contact: ContactRecord): Promise<void>;
  getContact(id: string): Promise<ContactRecord | null>;
  /** Newest first; identifier filters match exactly (pass normalized values). */
  listContacts(filter: ContactFilter): Promise<Page<ContactRecord>>;
  updateContact(id: string, patch: ContactPatch, now: number): Promise<ContactRecord | null>;
  deleteContact(id: string): Promise<boolean>;
  /** The contact whose identifier of `type` is `value` (normalized), or null. */
  findContact(type: IdentifierType, value: string): Promise<ContactRecord | null>;
  /** Creates or merges each row (matched by any identifier) in one transaction; ids come from `newId`. */
  importContacts(
    rows: readonly ContactImportRow[],
    now: number,
    newId: () => string,
  ): Promise<ImportRowResult[]>;
}

/** Flows and their runs. */
export interface FlowRepository {
  createFlow(flow: FlowRecord): Promise<void>;
  getFlow(id: string): Promise<FlowRecord | null>;
  /** Newest first, optionally for one connection. */
  listFlows(filter: PageRequest & { connectionId?: string | undefined }): Promise<Page<FlowRecord>>;
  /** Replaces the flow's editable fields; null when absent. */
  updateFlow(flow: FlowRecord): Promise<FlowRecord | null>;
  deleteFlow(id: string): Promise<boolean>;
  /** The enabled flows triggered by this connection, oldest first. */
  flowsForConnection(connectionId: string): Promise<readonly FlowRecord[]>;

  /** Runs of a flow newest first, optionally with one status. */
  listRuns(
    flowId: string,
    filter: PageRequest & { status?: FlowRunStatus | undefined },
  ): Promise<Page<FlowRunRecord>>;
  getRun(id: string): Promise<FlowRunRecord | null>;
  /** The runs already recorded for an event (a repeated processing keeps them). */
  runsForEvent(eventId: string): Promise<readonly FlowRunRecord[]>;
}

/** The processing queue: claims on accepted events, their heartbeat, their results, the scan floor. */
export interface ProcessingQueueRepository {
  /** Claims the given accepted events (those nobody claimed yet); returns the claimed jobs. */
  claimJobs(jobs: readonly UnclaimedJob[], leaseUntil: number): Promise<ProcessingJob[]>;
  /**
   * Which of these connections take part in processing (they have processing settings or a flow bound, enabled
   * or not). Events of other connections — plain gateway connections — are never claimed or scanned.
   */
  inProcessing(connectionIds: readonly string[]): Promise<ReadonlySet<string>>;
  /** Accepted events received at or after `since` that nobody claimed, oldest first. */
  findUnclaimed(since: number, limit: number): Promise<(UnclaimedJob & { receivedAt: number })[]>;
  /** Claims again jobs whose lease ran out before `now` (their worker died); attempts + 1. */
  reclaimExpired(now: number, leaseUntil: number, limit: number): Promise<ProcessingJob[]>;
  /** Extends held claims to `leaseUntil` (heartbeat); returns the event ids whose claim was still held. */
  renewJobs(leases: readonly HeldJobLease[], leaseUntil: number): Promise<ReadonlySet<string>>;
  /** Running claims at `now`, live and expired. */
  backlog(now: number): Promise<ProcessingBacklog>;
  /**
   * Commits a batch of results in one transaction: their runs, their history outcome and contact, their job
   * state — only for results whose claim (`leaseToken`) still holds; a result of a claim taken over by
   * another worker is dropped, so one outcome is recorded per event. Returns the updated history rows.
   */
  finishJobs(results: readonly ProcessedEvent[], now: number): Promise<HistoryRecord[]>;
  /** The scan's lower bound (epoch ms) persisted across restarts; null before the first scan. */
  getScanFloor(): Promise<number | null>;
  setScanFloor(at: number): Promise<void>;
}

/**
 * Storage of the inbound processing: every processing repository on the shared Kysely instance, reached as
 * `store.processing` (contacts and flows as `store.processing.contacts`, `store.processing.flows`). Methods that create or change a record with
 * a unique field throw `StoreConflictError` on a clash.
 */
export interface ProcessingStore extends ProcessingSettingsRepository, ProcessingQueueRepository {
  /** The contact directory. */
  readonly contacts: ContactRepository;
  /** Flows and their runs. */
  readonly flows: FlowRepository;
}
