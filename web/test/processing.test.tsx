import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ConnectionSchema } from '../src/api/processing-types.ts';
import { App } from '../src/app.tsx';
import { json } from './fake-api.ts';
import { installGateway, makeConnection, signedInAt } from './fake-gateway.ts';
import { processingOf } from './fake-processing.ts';

const SAMPLE = {
  type: 'order.paid',
  data: {
    amount: 4200,
    customer: { email: 'Ada@Example.com', phone: '+4915112345678' },
    items: [{ sku: 'A-1' }],
  },
};

/** What the schema API answers after the worker kept SAMPLE. */
const CAPTURED: ConnectionSchema = {
  connectionId: 'con_p',
  capturing: false,
  eventId: 'evt_sample',
  capturedAt: '2025-01-02T03:04:05.000Z',
  sample: SAMPLE,
  schema: {
    type: 'object',
    properties: {
      type: { type: 'string' },
      data: {
        type: 'object',
        properties: {
          amount: { type: 'integer' },
          customer: {
            type: 'object',
            properties: { email: { type: 'string', format: 'email' }, phone: { type: 'string' } },
          },
          items: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' } } } },
        },
      },
    },
  },
  paths: [
    '$.type',
    '$.data',
    '$.data.amount',
    '$.data.customer',
    '$.data.customer.email',
    '$.data.customer.phone',
    '$.data.items',
    '$.data.items[*]',
    '$.data.items[*].sku',
  ],
};

function setup() {
  const api = installGateway();
  api.connections = [makeConnection({ id: 'con_p', name: 'Shop orders' })];
  signedInAt('/connections/con_p');
  return { api, processing: processingOf(api), user: userEvent.setup() };
}

describe('schema capture and identifier mapping', () => {
  it('starts a capture, shows the sample when it arrives and saves the field clicked as identifier', async () => {
    const { api, processing, user } = setup();
    render(<App />);

    expect(await screen.findByText(/No sample yet/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Capture next request' }));
    expect(await screen.findByText(/Waiting for the next accepted request/)).toBeTruthy();
    expect(api.callsTo('POST', '/api/v1/connections/con_p/capture')).toHaveLength(1);

    processing.schemas.set('con_p', CAPTURED); // the worker kept the next request
    expect(await screen.findByText(/^Sample captured .+\.$/, undefined, { timeout: 4000 })).toBeTruthy();
    expect(screen.getByTestId('sample-json').textContent).toBe(JSON.stringify(SAMPLE, null, 2));
    const amount = screen.getByRole('row', { name: /\$\.data\.amount/ });
    expect(within(amount).getByText('integer')).toBeTruthy();
    expect(within(amount).getByText('4200')).toBeTruthy();
    expect(
      within(screen.getByRole('row', { name: /\$\.data\.items\[\*\]\.sku/ })).getByText('"A-1"'),
    ).toBeTruthy();
    // Objects and arrays are not identifiers: no button.
    expect(screen.queryByRole('button', { name: /Use \$\.data\.customer as/ })).toBeNull();

    await user.click(
      screen.getByRole('button', { name: 'Use $.data.customer.email as the contact identifier' }),
    );
    const dialog = screen.getByRole('dialog', { name: 'Contact identifier' });
    expect((within(dialog).getByLabelText('JSONPath') as HTMLInputElement).value).toBe(
      '$.data.customer.email',
    );
    expect((within(dialog).getByLabelText('Identifier type') as HTMLSelectElement).value).toBe('email');
    expect(within(dialog).getByText(/In the sample: "Ada@Example.com"/)).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Save identifier' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.callsTo('PUT', '/api/v1/connections/con_p/processing')[0]?.body).toEqual({
      identifier: { type: 'email', path: '$.data.customer.email' },
      onUnknownContact: 'skip',
    });
    expect(screen.getByTestId('identifier-path').textContent).toBe('$.data.customer.email');
    expect(within(screen.getByRole('row', { name: /customer\.email/ })).getByText('Identifier')).toBeTruthy();
  });

  it('guesses phone for a phone field and sends the default country in upper case', async () => {
    const { api, processing, user } = setup();
    processing.schemas.set('con_p', CAPTURED);
    render(<App />);

    await user.click(
      await screen.findByRole('button', { name: 'Use $.data.customer.phone as the contact identifier' }),
    );
    const dialog = screen.getByRole('dialog', { name: 'Contact identifier' });
    expect((within(dialog).getByLabelText('Identifier type') as HTMLSelectElement).value).toBe('phone');
    await user.type(within(dialog).getByLabelText('Default country (optional)'), 'de');
    await user.selectOptions(within(dialog).getByLabelText('When no contact matches'), 'create');
    await user.click(within(dialog).getByRole('button', { name: 'Save identifier' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.callsTo('PUT', '/api/v1/connections/con_p/processing')[0]?.body).toEqual({
      identifier: { type: 'phone', path: '$.data.customer.phone', defaultCountry: 'DE' },
      onUnknownContact: 'create',
    });
    expect(screen.getByText('Create the contact')).toBeTruthy();
  });

  it('enters a JSONPath by hand and shows the API validation message', async () => {
    const { api, user } = setup();
    api.route('PUT', /^\/api\/v1\/connections\/con_p\/processing$/, () =>
      json(400, { error: 'VALIDATION_ERROR', message: 'identifier.path must be a JSONPath starting with $' }),
    );
    render(<App />);

    const open = await screen.findByRole('button', { name: 'Enter a JSONPath' });
    await user.click(open);
    const path = screen.getByLabelText('JSONPath');
    await user.clear(path);
    await user.type(path, 'data.email');
    await user.click(screen.getByRole('button', { name: 'Save identifier' }));

    expect((await screen.findByRole('alert')).textContent).toBe(
      'identifier.path must be a JSONPath starting with $',
    );
    expect(screen.getByRole('dialog', { name: 'Contact identifier' })).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(open);
  });

  it('cancels a capture and removes the identifier', async () => {
    const { api, processing, user } = setup();
    processing.settings.set('con_p', {
      connectionId: 'con_p',
      identifier: { type: 'email', path: '$.email', defaultCountry: null },
      onUnknownContact: 'skip',
      capturing: true,
      updatedAt: null,
    });
    render(<App />);

    await user.click(await screen.findByRole('button', { name: 'Cancel capture' }));
    expect(await screen.findByRole('button', { name: 'Capture next request' })).toBeTruthy();
    expect(api.callsTo('DELETE', '/api/v1/connections/con_p/capture')).toHaveLength(1);

    await user.click(screen.getByRole('button', { name: 'Remove identifier' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Remove identifier' }));
    expect(await screen.findByText(/No contact resolution/)).toBeTruthy();
    expect(api.callsTo('PUT', '/api/v1/connections/con_p/processing')[0]?.body).toEqual({
      identifier: null,
      onUnknownContact: 'skip',
    });
  });
});
