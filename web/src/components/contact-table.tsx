import type { Contact } from '../api/processing-types.ts';
import { formatTime } from '../lib/format.ts';

interface ContactTableProps {
  readonly contacts: readonly Contact[];
  readonly onDelete: (contact: Contact) => void;
}

function attributesText(contact: Contact): string {
  const entries = Object.entries(contact.attributes);
  return entries
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}

/** Contacts with their normalized identifiers and attributes. */
export function ContactTable({ contacts, onDelete }: ContactTableProps) {
  return (
    <table className="table contact-table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Email</th>
          <th scope="col">Phone</th>
          <th scope="col">Chat id</th>
          <th scope="col">Channel user id</th>
          <th scope="col">Attributes</th>
          <th scope="col">Created</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {contacts.map((contact) => (
          <tr key={contact.id} data-contact-id={contact.id}>
            <td>{contact.name ?? <span className="muted">—</span>}</td>
            <td className="mono">{contact.email ?? ''}</td>
            <td className="mono">{contact.phone ?? ''}</td>
            <td className="mono">{contact.chatId ?? ''}</td>
            <td className="mono">{contact.channelUserId ?? ''}</td>
            <td className="small message-cell">{attributesText(contact)}</td>
            <td className="small">{formatTime(contact.createdAt)}</td>
            <td>
              <button
                type="button"
                className="secondary small"
                aria-label={`Delete contact ${contact.name ?? contact.email ?? contact.phone ?? contact.id}`}
                onClick={() => onDelete(contact)}
              >
                Delete
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
