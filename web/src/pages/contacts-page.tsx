import { useCallback, useState } from 'react';
import type { Contact } from '../api/processing-types.ts';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { ContactDialog } from '../components/contact-dialog.tsx';
import { ContactSearch, type ContactSearchQuery, contactFieldLabel } from '../components/contact-search.tsx';
import { ContactTable } from '../components/contact-table.tsx';
import { EmptyState, ErrorMessage, Loading } from '../components/feedback.tsx';
import { ImportDialog } from '../components/import-dialog.tsx';
import { LoadMore } from '../components/list-controls.tsx';
import { useApi } from '../hooks/api-context.tsx';
import { usePagedList } from '../hooks/use-paged-list.ts';

type Open = 'create' | 'import' | null;

/** Contacts: find by an identifier, create one, import many from pasted CSV or JSON, delete. */
export function ContactsPage() {
  const api = useApi();
  const [search, setSearch] = useState<ContactSearchQuery | null>(null);
  const [open, setOpen] = useState<Open>(null);
  const [deleting, setDeleting] = useState<Contact | null>(null);
  const list = usePagedList(
    useCallback(
      (cursor: string | null) =>
        api.contacts.list({ limit: 50, ...(search ?? {}), ...(cursor ? { cursor } : {}) }),
      [api, search],
    ),
  );

  return (
    <section aria-labelledby="contacts-heading">
      <div className="page-header">
        <h1 id="contacts-heading">Contacts</h1>
        <div className="actions">
          <button type="button" className="secondary" onClick={() => setOpen('import')}>
            Import
          </button>
          <button type="button" onClick={() => setOpen('create')}>
            New contact
          </button>
        </div>
      </div>
      <p className="muted">
        Requests are matched to contacts by the identifier each connection maps (see a connection's
        Processing).
      </p>
      <ContactSearch onSearch={setSearch} />
      <ErrorMessage message={list.error} />
      {list.loading ? (
        <Loading label="Loading contacts…" />
      ) : list.items.length === 0 && !list.error ? (
        search ? (
          <EmptyState
            title={`No contact with ${contactFieldLabel(search.field).toLowerCase()} ${search.value}.`}
          >
            Search matches the whole identifier. Clear the search to see every contact.
          </EmptyState>
        ) : (
          <EmptyState title="No contacts yet.">
            Add one with <strong>New contact</strong>, paste a list with <strong>Import</strong>, or set a
            connection to create contacts it does not know.
          </EmptyState>
        )
      ) : (
        <ContactTable contacts={list.items} onDelete={setDeleting} />
      )}
      {list.hasMore && <LoadMore onClick={list.loadMore} />}
      {open === 'create' && (
        <ContactDialog
          onClose={() => setOpen(null)}
          onCreated={(contact) => {
            setOpen(null);
            list.update((items) => [contact, ...items]);
          }}
        />
      )}
      {open === 'import' && <ImportDialog onClose={() => setOpen(null)} onImported={list.reload} />}
      {deleting && (
        <ConfirmDialog
          title="Delete this contact?"
          confirmLabel="Delete contact"
          onConfirm={async () => {
            await api.contacts.remove(deleting.id);
            list.update((items) => items.filter((c) => c.id !== deleting.id));
            setDeleting(null);
          }}
          onClose={() => setDeleting(null)}
        >
          <p>
            {deleting.name ?? deleting.email ?? deleting.phone ?? deleting.id} is deleted. History rows keep
            the contact id they recorded.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
