import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../src/app.tsx';
import { installGateway, signedInAt } from './fake-gateway.ts';
import { makeApplication, outboundOf, outboundSecret } from './fake-outbound.ts';

function setup(path: string) {
  const api = installGateway();
  signedInAt(path);
  return { api, outbound: outboundOf(api), user: userEvent.setup() };
}

describe('outbound applications', () => {
  it('says so when the gateway has no outbound API', async () => {
    installGateway();
    signedInAt('/outbound');
    render(<App />);
    expect(await screen.findByText('Outbound delivery is not available on this gateway.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'New application' })).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('"Rotation due only" lists due applications through the API; the filter is in the URL, back undoes it', async () => {
    const { api, outbound, user } = setup('/outbound');
    outbound.applications = [
      makeApplication({ name: 'Overdue', rotationDueAt: '2020-01-01T00:00:00.000Z' }),
      makeApplication({ name: 'Fresh', rotationDueAt: '2999-01-01T00:00:00.000Z' }),
    ];
    render(<App />);
    await screen.findByText('Fresh');
    expect(
      within(screen.getByText('Overdue').closest('tr') as HTMLElement).getByText('Rotation due'),
    ).toBeTruthy();

    await user.click(screen.getByLabelText('Rotation due only'));
    await waitFor(() => expect(screen.queryByText('Fresh')).toBeNull());
    expect(screen.getByText('Overdue')).toBeTruthy();
    const sent = api.callsTo('GET', '/api/v1/applications').at(-1)?.url.searchParams;
    expect(sent?.get('rotationDue')).toBe('true');
    expect(window.location.search).toBe('?rotationDue=true');

    window.history.back();
    expect(await screen.findByText('Fresh')).toBeTruthy();
    expect((screen.getByLabelText('Rotation due only') as HTMLInputElement).checked).toBe(false);
  });

  it('opens with no due application from a shared URL and says so', async () => {
    const { outbound } = setup('/outbound?rotationDue=true');
    outbound.applications = [makeApplication({ name: 'Fresh', rotationDueAt: '2999-01-01T00:00:00.000Z' })];
    render(<App />);
    expect(await screen.findByText('No application is due for a secret rotation.')).toBeTruthy();
    expect((screen.getByLabelText('Rotation due only') as HTMLInputElement).checked).toBe(true);
  });

  it('creates an application and shows its signing secret once', async () => {
    const { api, user } = setup('/outbound');
    render(<App />);

    expect(await screen.findByText('No applications yet.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'New application' }));
    await user.type(screen.getByLabelText('Name'), 'Acme');
    await user.click(screen.getByRole('button', { name: 'Create application' }));

    const secret = outboundSecret('app');
    const reveal = await screen.findByRole('dialog', { name: 'Application “Acme” created' });
    expect(within(reveal).getByTestId('new-secret').textContent).toBe(secret);
    expect(within(reveal).getByText(/shown only once/)).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.getByRole('dialog')).toBeTruthy(); // must be acknowledged
    await user.click(within(reveal).getByRole('button', { name: 'I have saved the secret' }));
    expect(document.body.innerHTML).not.toContain(secret);
    expect(screen.getByTestId('secret-preview').textContent).toBe(
      `${secret.slice(0, 6)}…${secret.slice(-4)}`,
    );
    expect(api.callsTo('POST', '/api/v1/applications')[0]?.body).toEqual({ name: 'Acme' });
  });

  it('adds an endpoint whose generated token is shown once, and rotates the application secret', async () => {
    const { api, outbound, user } = setup('/outbound/app_a');
    outbound.applications = [makeApplication({ id: 'app_a', name: 'Acme' })];
    render(<App />);

    expect(await screen.findByText('No endpoints yet.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'New endpoint' }));
    const form = within(screen.getByRole('dialog', { name: 'New endpoint' }));
    await user.type(form.getByLabelText('URL'), 'https://hooks.acme.test/in');
    await user.type(form.getByLabelText('Event types (optional)'), 'order.*, invoice.paid');
    await user.selectOptions(form.getByLabelText('Style'), 'bearer');
    await user.type(form.getByLabelText('Retry schedule (optional)'), '0, 5, 300');
    await user.type(form.getByLabelText('Custom headers (optional)'), 'X-Tenant: acme');
    await user.click(form.getByRole('button', { name: 'Create endpoint' }));

    const token = outboundSecret('tok');
    const reveal = await screen.findByRole('dialog', { name: 'Endpoint created' });
    expect(within(reveal).getByText(token)).toBeTruthy();
    expect(api.callsTo('POST', '/api/v1/applications/app_a/endpoints')[0]?.body).toEqual({
      url: 'https://hooks.acme.test/in',
      eventTypes: ['order.*', 'invoice.paid'],
      enabled: true,
      headers: { 'X-Tenant': 'acme' },
      retrySchedule: [0, 5, 300],
      signing: { style: 'bearer' },
    });
    await user.click(within(reveal).getByRole('button', { name: 'I have saved the secret' }));
    expect(document.body.innerHTML).not.toContain(token);
    expect(screen.getByRole('row', { name: /hooks\.acme\.test/ }).textContent).toContain('Bearer token');

    await user.click(screen.getByRole('button', { name: 'Rotate secret' }));
    const rotate = within(screen.getByRole('dialog', { name: 'Rotate the secret of Acme' }));
    const confirm = rotate.getByRole('button', { name: 'Rotate secret' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    await user.selectOptions(rotate.getByLabelText('Grace period for the old secret'), '86400');
    await user.click(rotate.getByLabelText(/every receiver must be updated/));
    await user.click(confirm);
    expect(await screen.findByRole('dialog', { name: 'Secret rotated' })).toBeTruthy();
    expect(api.callsTo('POST', '/api/v1/applications/app_a/rotate')[0]?.body).toEqual({
      graceSeconds: 86400,
    });
  });
});
