import type { Clock } from '../core/index.ts';
import { newId } from '../core/index.ts';
import { outcomeMessage } from '../errors/index.ts';
import type { ContactRepository } from '../store/index.ts';
import {
  type ConnectionProcessingRecord,
  type ContactRecord,
  IDENTIFIER_FIELDS,
  StoreConflictError,
} from '../store/index.ts';
import { normalizeIdentifier } from './identifiers.ts';
import { firstValueAt } from './json-path.ts';

/** How an event's contact was resolved. */
export type ContactResolution =
  /** The connection maps no identifier: nothing to resolve. */
  | { readonly kind: 'unmapped' }
  | { readonly kind: 'found' | 'created'; readonly contact: ContactRecord }
  /** Nothing matched and nothing was created; `message` says why. */
  | { readonly kind: 'not_found'; readonly message: string };

/** What contact resolution needs. */
export interface ResolveDeps {
  readonly store: {
    readonly processing: { readonly contacts: Pick<ContactRepository, 'findContact' | 'createContact'> };
  };
  readonly clock: Clock;
}

/**
 * Resolves the contact of a payload: reads the connection's identifier path (JSONPath, first match),
 * normalizes the value for its type and looks it up. No match and policy `create`: creates the contact with
 * that identifier (a concurrent creation of the same identifier is found instead). A missing or unusable
 * value is `not_found` whatever the policy, since there is nothing to create a contact from.
 */
export async function resolveContact(
  payload: unknown,
  settings: ConnectionProcessingRecord | null,
  deps: ResolveDeps,
): Promise<ContactResolution> {
  const mapping = settings?.identifier ?? null;
  if (settings === null || mapping === null) return { kind: 'unmapped' };
  const raw = firstValueAt(payload, mapping.path);
  if (raw === undefined) {
    return {
      kind: 'not_found',
      message: outcomeMessage('IDENTIFIER_NOT_FOUND', `No value at ${mapping.path}`),
    };
  }
  const normalized = normalizeIdentifier(mapping.type, raw, mapping.defaultCountry);
  if (!normalized.ok) {
    return {
      kind: 'not_found',
      message: outcomeMessage(
        'IDENTIFIER_NOT_FOUND',
        `${mapping.type} at ${mapping.path} ${normalized.message}`,
      ),
    };
  }
  const existing = await deps.store.processing.contacts.findContact(mapping.type, normalized.value);
  if (existing !== null) return { kind: 'found', contact: existing };
  if (settings.onUnknownContact !== 'create') {
    return {
      kind: 'not_found',
      message: outcomeMessage('IDENTIFIER_NOT_FOUND', `No contact with ${mapping.type} ${normalized.value}`),
    };
  }
  const now = deps.clock.now();
  const contact: ContactRecord = {
    id: newId('ctc'),
    name: null,
    chatId: null,
    phone: null,
    channelUserId: null,
    email: null,
    [IDENTIFIER_FIELDS[mapping.type]]: normalized.value,
    attributes: {},
    createdAt: now,
    updatedAt: now,
  };
  try {
    await deps.store.processing.contacts.createContact(contact);
    return { kind: 'created', contact };
  } catch (error) {
    if (!(error instanceof StoreConflictError)) throw error;
    const raced = await deps.store.processing.contacts.findContact(mapping.type, normalized.value);
    if (raced === null) throw error;
    return { kind: 'found', contact: raced };
  }
}
