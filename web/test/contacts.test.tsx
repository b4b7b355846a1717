import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../src/app.tsx';
import { parseContacts, parseCsv } from '../src/lib/contact-import.ts';
import { json } from './fake-api.ts';
import { installGateway, signedInAt } from './fake-gateway.ts';
import { makeContact, processingOf } from './fake-processing.ts';

function setup() {
  const api = installGateway();
  signedInAt('/contacts');
  return { api, processing: processingOf(api), user: userEvent.setup() };
}

describe('contacts', () => {
  it('creates a contact and shows API conflicts with their message', async () => {
    const { api, user } = setup();
    render(<App />);

    expect(await screen.findByText('No contacts yet.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'New contact' }));
    const dialog = within(screen.getByRole('dialog', { name: 'New contact' }));
    await user.type(dialog.getByLabelText('Name'), 'Ada');
    await user.type(dialog.getByLabelText('Phone'), '0151 12345678');
    await user.type(dialog.getByLabelText(/Default country/), 'de');
    await user.type(dialog.getByLabelText(/Attributes/), '{{"tier": "gold"}');
    await user.click(dialog.getByRole('button', { name: 'Create contact' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.callsTo('POST', '/api/v1/contacts')[0]?.body).toEqual({
      name: 'Ada',
      phone: '0151 12345678',
      defaultCountry: 'DE',
      attributes: { tier: 'gold' },
    });
    expect(screen.getByText('tier: gold')).toBeTruthy();

    api.route('POST', /^\/api\/v1\/contacts$/, () =>
      json(409, { error: 'CONFLICT', message: 'CONFLICT: email ada@example.com belongs to ctc_1' }),
    );
    await user.click(screen.getByRole('button', { name: 'New contact' }));
    await user.type(screen.getByLabelText('Email'), 'ADA@example.com');
    await user.click(screen.getByRole('button', { name: 'Create contact' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'CONFLICT: email ada@example.com belongs to ctc_1',
    );
  });

  it('searches by an exact identifier and says when nothing matches', async () => {
    const { api, processing, user } = setup();
    processing.contacts = [
      makeContact({ name: 'Ada', email: 'ada@example.com' }),
      makeContact({ name: 'Bob', email: 'bob@example.com' }),
    ];
    render(<App />);

    expect(await screen.findByText('Bob')).toBeTruthy();
    await user.type(screen.getByLabelText('Email to find'), 'ADA@EXAMPLE.COM');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(screen.queryByText('Bob')).toBeNull());
    expect(screen.getByText('Ada')).toBeTruthy();
    expect(api.callsTo('GET', '/api/v1/contacts').at(-1)?.url.searchParams.get('email')).toBe(
      'ADA@EXAMPLE.COM',
    );

    await user.clear(screen.getByLabelText('Email to find'));
    await user.type(screen.getByLabelText('Email to find'), 'nobody@example.com');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    expect(await screen.findByText('No contact with email nobody@example.com.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Clear' }));
    expect(await screen.findByText('Bob')).toBeTruthy();
  });

  it('imports pasted CSV and lists the rows that failed', async () => {
    const { api, user } = setup();
    render(<App />);

    await user.click(await screen.findByRole('button', { name: 'Import' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Import contacts' }));
    await user.type(
      dialog.getByLabelText('CSV or JSON'),
      'name,email,Chat ID,tier\nAda,ada@example.com,,gold\nNobody,,,none',
    );
    expect(dialog.getByText('2 contacts read as CSV.')).toBeTruthy();
    await user.type(dialog.getByLabelText(/Default country/), 'de');
    await user.click(dialog.getByRole('button', { name: 'Import' }));

    expect(await dialog.findByText('1 created, 0 updated, 1 failed.')).toBeTruthy();
    expect(dialog.getByRole('row', { name: /Row 2/ }).textContent).toContain('needs an identifier');
    expect(api.callsTo('POST', '/api/v1/contacts/import')[0]?.body).toEqual({
      contacts: [
        { name: 'Ada', email: 'ada@example.com', attributes: { tier: 'gold' } },
        { name: 'Nobody', attributes: { tier: 'none' } },
      ],
      defaultCountry: 'DE',
    });
    await user.click(dialog.getByRole('button', { name: 'Done' }));
    expect(await screen.findByText('ada@example.com')).toBeTruthy();
  });

  it('deletes a contact after confirming', async () => {
    const { api, processing, user } = setup();
    processing.contacts = [makeContact({ id: 'ctc_d', name: 'Gone', email: 'gone@example.com' })];
    render(<App />);

    await user.click(await screen.findByRole('button', { name: 'Delete contact Gone' }));
    await user.click(screen.getByRole('button', { name: 'Delete contact' }));
    expect(await screen.findByText('No contacts yet.')).toBeTruthy();
    expect(api.callsTo('DELETE', '/api/v1/contacts/ctc_d')).toHaveLength(1);
  });
});

describe('contact import parsing', () => {
  it('reads quoted CSV cells with commas, quotes and line breaks', () => {
    expect(parseCsv('a,b\n"x, y","say ""hi""\nthere"\r\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"\nthere'],
    ]);
  });

  it('reads JSON arrays and { contacts } and explains what it cannot read', () => {
    expect(parseContacts('[{"email":"a@b.co"}]')).toEqual({
      contacts: [{ email: 'a@b.co' }],
      format: 'JSON',
    });
    expect(parseContacts('{"contacts":[{"phone":"+49151"}]}')).toEqual({
      contacts: [{ phone: '+49151' }],
      format: 'JSON',
    });
    expect(parseContacts('[1, 2]')).toEqual({
      error: 'JSON must be an array of contact objects, or { "contacts": [...] }.',
    });
    expect(parseContacts('{"email": }')).toMatchObject({ error: expect.stringMatching(/^Not valid JSON/) });
    expect(parseContacts('email')).toEqual({
      error: 'No contacts found: CSV needs a header row and at least one row.',
    });
  });
});
