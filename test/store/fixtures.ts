import { randomUUID } from 'node:crypto';
import { connectionAuth } from '../../src/store/connection-auth.ts';
import type {
  ConnectionRecord,
  EventRecord,
  HistoryRecord,
  Page,
  SecretVersionRecord,
} from '../../src/store/types.ts';

/** A fixed clock for store tests: 2023-11-14T22:13:20Z in epoch ms. */
export const T0 = 1_700_000_000_000;

/** A fresh id with a readable prefix. */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID()}`;
}

/** A connection record with sensible defaults, created at T0. */
export function connectionRecord(overrides: Partial<ConnectionRecord> = {}): ConnectionRecord {
  return {
    id: newId('con'),
    name: 'Stripe production',
    mode: 'hmac',
    authConfig: connectionAuth('hmac', { header: 'x-signature', algorithm: 'sha256' }),
    secretPreview: 'a1b2c3…wxyz',
    maxBodyBytes: null,
    enabled: true,
    createdAt: T0,
    updatedAt: T0,
    rotationReminderDays: null,
    ...overrides,
  };
}

/** A secret version of `connectionId`, created at T0, never expiring. */
export function secretVersion(
  connectionId: string,
  overrides: Partial<SecretVersionRecord> = {},
): SecretVersionRecord {
  return {
    id: newId('sec'),
    connectionId,
    kind: 'encrypted',
    material: `v1:${randomUUID()}`,
    createdAt: T0,
    expiresAt: null,
    ...overrides,
  };
}

/** A history row of `connectionId`, outcome ACCEPTED at T0. */
export function historyRecord(connectionId: string, overrides: Partial<HistoryRecord> = {}): HistoryRecord {
  return {
    id: newId('his'),
    connectionId,
    receivedAt: T0,
    outcome: 'ACCEPTED',
    message: null,
    headers: { 'content-type': 'application/json', 'x-signature': '[redacted]' },
    bodyPreview: '{"ok":true}',
    bodySize: 11,
    eventId: null,
    duplicateOf: null,
    contactId: null,
    repeatCount: 1,
    ...overrides,
  };
}

/** An event of `connectionId` received at T0 with a small JSON body and no idempotency key. */
export function eventRecord(connectionId: string, overrides: Partial<EventRecord> = {}): EventRecord {
  return {
    id: newId('evt'),
    connectionId,
    receivedAt: T0,
    contentType: 'application/json',
    headers: { 'content-type': 'application/json', 'x-signature': '[redacted]' },
    body: new TextEncoder().encode('{"ok":true}'),
    idempotencyKey: null,
    ...overrides,
  };
}

/** The two arguments of `acceptEvent` for one inbound request, sharing connection and time. */
export function acceptArgs(
  connectionId: string,
  options: { key?: string | null; at?: number; body?: Uint8Array } = {},
): [EventRecord, HistoryRecord] {
  const at = options.at ?? T0;
  const body = options.body ?? new TextEncoder().encode('{"ok":true}');
  const event = eventRecord(connectionId, { receivedAt: at, body, idempotencyKey: options.key ?? null });
  return [event, historyRecord(connectionId, { receivedAt: at, bodySize: body.byteLength })];
}

/**
 * Follows `nextCursor` from the first page to the last and returns each page's ids; `fetchPage` gets
 * undefined for the first page. Fails the test after 1000 pages (a cursor that never ends).
 */
export async function collectPageIds<T extends { readonly id: string }>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  while (pages.length < 1000) {
    const page = await fetchPage(cursor);
    pages.push(page.items.map((item) => item.id));
    if (page.nextCursor === null) return pages;
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end after 1000 pages');
}
