import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { SenderTemplate } from '../src/api/types.ts';
import { App } from '../src/app.tsx';
import { generatedSecret, installGateway, makeConnection, signedInAt } from './fake-gateway.ts';

function template(id: string, overrides: Partial<SenderTemplate> = {}): SenderTemplate {
  return {
    id,
    name: id,
    description: `${id} sends webhooks`,
    auth: { mode: 'shared_secret', header: 'x-webhook-secret' },
    secret: { source: 'generated', hint: `Paste the secret into ${id}.` },
    sample: {},
    schema: {},
    paths: [],
    identifier: null,
    ...overrides,
  };
}

/** A provider field with nothing but its name set (as a scheme without `x-form` meta serves it). */
const FIELD = {
  name: '',
  type: 'string',
  required: false,
  description: '',
  label: null,
  default: null,
  placeholder: null,
  options: null,
  ask: false,
  advanced: false,
};

const TEMPLATES = [
  template('make', {
    name: 'Make',
    identifier: { type: 'email', path: '$.email' },
  }),
  template('flintn', {
    name: 'Flintn',
    auth: { mode: 'hmac', header: 'X-Signature-Primary', algorithm: 'sha256' },
    secret: { source: 'sender', hint: "Paste the 64-character secret from Flintn's Webhooks page." },
  }),
];

describe('create connection from a sender template', () => {
  it('lists the templates; one click and a name create the connection from it', async () => {
    const api = installGateway();
    api.templates = TEMPLATES;
    signedInAt('/connections');
    const user = userEvent.setup();
    render(<App />);

    await user.click(await screen.findByRole('button', { name: 'New connection' }));
    const form = screen.getByRole('dialog', { name: 'New connection' });
    await user.click(await within(form).findByRole('radio', { name: /Make/ }));
    expect((within(form).getByLabelText('Name') as HTMLInputElement).value).toBe('Make');
    expect(within(form).queryByLabelText('Auth mode')).toBeNull();
    expect(within(form).getByText('$.email')).toBeTruthy();
    expect(within(form).getByText(/Paste the secret into make/)).toBeTruthy();
    await user.click(within(form).getByRole('button', { name: 'Create connection' }));

    const dialog = await screen.findByRole('dialog', { name: /created/ });
    expect(within(dialog).getByText(generatedSecret('gen'))).toBeTruthy();
    expect(api.callsTo('POST', '/api/v1/connections')[0]?.body).toEqual({ name: 'Make', template: 'make' });
  });

  it('asks for the secret a sender issues, and sends it with the template', async () => {
    const api = installGateway();
    api.templates = TEMPLATES;
    signedInAt('/connections');
    const user = userEvent.setup();
    render(<App />);

    await user.click(await screen.findByRole('button', { name: 'New connection' }));
    const form = screen.getByRole('dialog', { name: 'New connection' });
    await user.click(await within(form).findByRole('radio', { name: /Flintn/ }));
    await user.clear(within(form).getByLabelText('Name'));
    await user.type(within(form).getByLabelText('Name'), 'Flintn prod');
    const secret = 'f'.repeat(64);
    await user.type(within(form).getByLabelText('Secret from Flintn'), secret);
    expect(within(form).getByText(/64-character secret/)).toBeTruthy();
    await user.click(within(form).getByRole('button', { name: 'Create connection' }));

    await screen.findByRole('dialog', { name: /created/ });
    expect(api.callsTo('POST', '/api/v1/connections')[0]?.body).toEqual({
      name: 'Flintn prod',
      template: 'flintn',
      auth: { mode: 'hmac', secret },
    });
  });

  it('Blank is the default and keeps the mode form; without templates there is no picker', async () => {
    const api = installGateway();
    api.templates = TEMPLATES;
    signedInAt('/connections');
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole('button', { name: 'New connection' }));
    const form = screen.getByRole('dialog', { name: 'New connection' });
    expect(((await within(form).findByRole('radio', { name: /Blank/ })) as HTMLInputElement).checked).toBe(
      true,
    );
    await user.click(within(form).getByRole('radio', { name: /Make/ }));
    await user.click(within(form).getByRole('radio', { name: /Blank/ }));
    expect(within(form).getByLabelText('Auth mode')).toBeTruthy();
    expect((within(form).getByLabelText('Name') as HTMLInputElement).value).toBe('');
  });
});

describe('create connection', () => {
  it('shows the generated secret once, then only the preview', async () => {
    const api = installGateway();
    signedInAt('/connections');
    const user = userEvent.setup();
    render(<App />);

    expect(await screen.findByText('No connections yet.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'New connection' }));
    const form = screen.getByRole('dialog', { name: 'New connection' });
    await user.type(within(form).getByLabelText('Name'), 'Make scenario');
    await user.click(within(form).getByRole('button', { name: 'Create connection' }));

    const secret = generatedSecret('gen');
    const dialog = await screen.findByRole('dialog', { name: /created/ });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(within(dialog).getByText(secret)).toBeTruthy();
    expect(within(dialog).getByText(/shown only once/)).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Copy secret' })).toBeTruthy();
    expect(within(dialog).getByText(/\/webhooks\/in\/con_/)).toBeTruthy();

    const created = api.callsTo('POST', '/api/v1/connections')[0];
    expect(created?.body).toEqual({
      name: 'Make scenario',
      auth: { mode: 'shared_secret', header: 'x-webhook-secret' },
    });

    await user.click(within(dialog).getByRole('button', { name: 'I have saved the secret' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.body.innerHTML).not.toContain(secret);
    expect(screen.getByText('Make scenario')).toBeTruthy();
    expect(screen.getByTestId('secret-preview').textContent).toBe(
      `${secret.slice(0, 6)}…${secret.slice(-4)}`,
    );
  });

  it('sends a test request signed with the new secret from the dialog', async () => {
    const api = installGateway();
    signedInAt('/connections');
    const user = userEvent.setup();
    render(<App />);

    await user.click(await screen.findByRole('button', { name: 'New connection' }));
    await user.type(screen.getByLabelText('Name'), 'n8n');
    await user.click(screen.getByRole('button', { name: 'Create connection' }));
    await user.click(await screen.findByRole('button', { name: 'Send test request' }));

    expect(await screen.findByText(/Accepted: HTTP 202/)).toBeTruthy();
    const sent = api.calls.find((call) => call.url.pathname.startsWith('/webhooks/in/'));
    expect(sent?.headers.get('x-webhook-secret')).toBe(generatedSecret('gen'));
    expect(sent?.headers.get('authorization')).toBeNull();
  });

  it('builds the hmac auth object from its form fields', async () => {
    const api = installGateway();
    signedInAt('/connections');
    const user = userEvent.setup();
    render(<App />);

    await user.click(await screen.findByRole('button', { name: 'New connection' }));
    await user.type(screen.getByLabelText('Name'), 'Flintn');
    await user.selectOptions(screen.getByLabelText('Auth mode'), 'hmac');
    await user.type(screen.getByLabelText('Signature header'), 'X-Signature-Primary');
    await user.selectOptions(screen.getByLabelText('Encoding'), 'base64');
    await user.selectOptions(screen.getByLabelText('Algorithm'), 'sha512');
    await user.type(screen.getByLabelText('Prefix (optional)'), 'sha512=');
    await user.click(screen.getByRole('button', { name: 'Create connection' }));

    await screen.findByRole('dialog', { name: /created/ });
    expect(api.callsTo('POST', '/api/v1/connections')[0]?.body).toEqual({
      name: 'Flintn',
      auth: {
        mode: 'hmac',
        header: 'X-Signature-Primary',
        algorithm: 'sha512',
        encoding: 'base64',
        prefix: 'sha512=',
      },
    });
  });

  it('renders provider modes from GET /api/v1/providers and shows API errors', async () => {
    const api = installGateway();
    api.providers = [
      {
        id: 'stripe',
        name: 'Stripe',
        category: 'payments',
        description: null,
        fields: [
          { ...FIELD, name: 'secret', required: true, description: 'Signing secret (whsec_…)' },
          { ...FIELD, name: 'signatureEncoding', type: 'enum:hex|base64' },
        ],
        tolerance: 300,
        docsUrl: 'https://docs.stripe.com/webhooks',
      },
    ];
    api.route(
      'POST',
      /^\/api\/v1\/connections$/,
      () =>
        new Response(
          JSON.stringify({ error: 'VALIDATION_ERROR', message: 'auth.secret must start with whsec_' }),
          {
            status: 400,
          },
        ),
    );
    signedInAt('/connections');
    const user = userEvent.setup();
    render(<App />);

    await user.click(await screen.findByRole('button', { name: 'New connection' }));
    await waitFor(() => expect(screen.getByRole('option', { name: 'Stripe' })).toBeTruthy());
    await user.type(screen.getByLabelText('Name'), 'Stripe live');
    await user.selectOptions(screen.getByLabelText('Auth mode'), 'stripe');
    await user.type(screen.getByLabelText('Secret'), 'nope');
    await user.selectOptions(screen.getByLabelText('Signature encoding (optional)'), 'base64');
    expect(screen.getByText('Timestamps older than 300 s are rejected.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Create connection' }));

    expect((await screen.findByRole('alert')).textContent).toBe('auth.secret must start with whsec_');
    expect(api.callsTo('POST', '/api/v1/connections')[0]?.body).toEqual({
      name: 'Stripe live',
      auth: { mode: 'stripe', secret: 'nope', signatureEncoding: 'base64' },
    });
  });

  it('shows a loading state until GET /api/v1/providers answers, then the served generic forms', async () => {
    const api = installGateway();
    let answer: (response: Response) => void = () => {};
    api.route('GET', /^\/api\/v1\/providers$/, () => new Promise<Response>((resolve) => (answer = resolve)));
    signedInAt('/connections');
    const user = userEvent.setup();
    render(<App />);

    await user.click(await screen.findByRole('button', { name: 'New connection' }));
    const form = screen.getByRole('dialog', { name: 'New connection' });
    expect(within(form).getByText('Loading auth modes…')).toBeTruthy();
    expect(within(form).queryByLabelText('Auth mode')).toBeNull();

    answer(new Response(JSON.stringify({ items: api.providers, nextCursor: null }), { status: 200 }));
    const select = (await within(form).findByLabelText('Auth mode')) as HTMLSelectElement;
    expect([...select.options].slice(0, 4).map((option) => option.textContent)).toEqual([
      'Shared secret',
      'API key',
      'HMAC signature',
      'Hash in body',
    ]);
    expect((within(form).getByLabelText('Header (optional)') as HTMLInputElement).value).toBe(
      'x-webhook-secret',
    );
    await user.selectOptions(select, 'api_key');
    expect((within(form).getByLabelText('Header (optional)') as HTMLInputElement).value).toBe('x-api-key');
    const format = within(form).getByLabelText('Key format (optional)') as HTMLSelectElement;
    expect([...format.options].map((option) => option.textContent)).toEqual([
      'Any (64 characters when generated)',
      'Xoxo (alphanumeric, 13–60; 40 when generated)',
    ]);
    expect(within(form).getByLabelText('Key (optional)')).toBeTruthy();
  });

  it('lists mode, status and the last request outcome', async () => {
    const api = installGateway();
    api.connections = [
      makeConnection({ id: 'con_a', name: 'Xoxo', auth: { mode: 'api_key' }, enabled: false }),
    ];
    api.history = [];
    signedInAt('/connections');
    render(<App />);

    const row = (await screen.findByText('Xoxo')).closest('tr');
    expect(row).toBeTruthy();
    const cells = within(row as HTMLElement);
    expect(cells.getByText('API key')).toBeTruthy();
    expect(cells.getByText('Disabled')).toBeTruthy();
    expect(await cells.findByText('No requests yet')).toBeTruthy();
  });
});
