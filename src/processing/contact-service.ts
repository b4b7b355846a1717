import type { Clock } from '../core/index.ts';
import { newId } from '../core/index.ts';
import { failure, type Result, success } from '../errors/index.ts';
import type { ContactImportRow, ContactRecord, ContactRepository } from '../store/index.ts';

/** What the contact service uses of the store. */
export interface ContactServiceStore {
  readonly processing: {
    readonly contacts: Pick<ContactRepository, 'createContact' | 'updateContact' | 'importContacts'>;
  };
}

import {
  type ContactInput,
  completeIdentifiers,
  hasIdentifier,
  NO_IDENTIFIER,
  type NormalizedIdentifiers,
  normalizeContactInput,
} from './contact-input.ts';
import { conflictAsFailure } from './service-result.ts';

/** What one imported row became. */
export interface ImportRowOutcome {
  readonly index: number;
  readonly status: 'created' | 'updated' | 'failed';
  readonly id: string | null;
  readonly message: string | null;
}

/** The result of an import: counts and one outcome per row, in order. */
export interface ImportSummary {
  readonly created: number;
  readonly updated: number;
  readonly failed: number;
  readonly results: readonly ImportRowOutcome[];
}

/** Contact operations of the admin API: validation and normalization around the store. */
export interface ContactService {
  create(input: ContactInput, defaultCountry: string | null): Promise<Result<ContactRecord>>;
  update(id: string, input: ContactInput, defaultCountry: string | null): Promise<Result<ContactRecord>>;
  import(rows: readonly ContactInput[], defaultCountry: string | null): Promise<Result<ImportSummary>>;
  /** Normalizes identifier filters of the listing (`?email=` matches case-insensitively, etc.). */
  normalizeFilter(input: ContactInput, defaultCountry: string | null): Result<NormalizedIdentifiers>;
}

/** Creates the contact service. */
export function createContactService(deps: { store: ContactServiceStore; clock: Clock }): ContactService {
  const contacts = deps.store.processing.contacts;
  return {
    async create(input, defaultCountry) {
      const normalized = normalizeContactInput(input, defaultCountry);
      if (!normalized.ok) return normalized;
      const identifiers = completeIdentifiers(normalized.value);
      if (!hasIdentifier(identifiers)) return failure('VALIDATION_ERROR', NO_IDENTIFIER);
      const now = deps.clock.now();
      const contact: ContactRecord = {
        id: newId('ctc'),
        name: input.name ?? null,
        ...identifiers,
        attributes: input.attributes ?? {},
        createdAt: now,
        updatedAt: now,
      };
      return conflictAsFailure(async () => {
        await contacts.createContact(contact);
        return contact;
      });
    },

    async update(id, input, defaultCountry) {
      const normalized = normalizeContactInput(input, defaultCountry);
      if (!normalized.ok) return normalized;
      const patch = {
        ...normalized.value,
        ...(input.name !== undefined && { name: input.name }),
        ...(input.attributes !== undefined && { attributes: input.attributes }),
      };
      const updated = await conflictAsFailure(() => contacts.updateContact(id, patch, deps.clock.now()));
      if (!updated.ok) return updated;
      return updated.value === null ? failure('NOT_FOUND', `No contact ${id}`) : success(updated.value);
    },

    async import(rows, defaultCountry) {
      const outcomes: (ImportRowOutcome | undefined)[] = [];
      const valid: { index: number; row: ContactImportRow }[] = [];
      for (const [index, input] of rows.entries()) {
        const normalized = normalizeContactInput(input, defaultCountry);
        const identifiers = normalized.ok ? completeIdentifiers(normalized.value) : null;
        if (!normalized.ok || identifiers === null || !hasIdentifier(identifiers)) {
          const message = normalized.ok
            ? failure('VALIDATION_ERROR', NO_IDENTIFIER).message
            : normalized.message;
          outcomes[index] = { index, status: 'failed', id: null, message };
          continue;
        }
        valid.push({
          index,
          row: { ...identifiers, name: input.name ?? null, attributes: input.attributes ?? null },
        });
      }
      const imported = await conflictAsFailure(() =>
        contacts.importContacts(
          valid.map((entry) => entry.row),
          deps.clock.now(),
          () => newId('ctc'),
        ),
      );
      if (!imported.ok) return imported;
      for (const [position, result] of imported.value.entries()) {
        const index = valid[position]?.index ?? position;
        outcomes[index] =
          result.status === 'conflict'
            ? { index, status: 'failed', id: null, message: failure('CONFLICT', result.message).message }
            : { index, status: result.status, id: result.id, message: null };
      }
      const results = outcomes.filter((outcome) => outcome !== undefined);
      const count = (status: ImportRowOutcome['status']) => results.filter((r) => r.status === status).length;
      return success({
        created: count('created'),
        updated: count('updated'),
        failed: count('failed'),
        results,
      });
    },

    normalizeFilter: (input, defaultCountry) => normalizeContactInput(input, defaultCountry),
  };
}
