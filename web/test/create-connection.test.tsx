import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../src/app.tsx';
import { generatedSecret, installGateway, makeConnection, signedInAt } from './fake-gateway.ts';

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
        category: 'Payments',
        fields: [
          { name: 'secret', type: 'string', required: true, description: 'Signing secret (whsec_…)' },
          { name: 'signatureEncoding', type: 'enum:hex|base64', required: false, description: '' },
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
