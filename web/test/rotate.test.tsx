import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../src/app.tsx';
import { generatedSecret, installGateway, makeConnection, signedInAt } from './fake-gateway.ts';

describe('connection actions', () => {
  it('rotates only after confirming that every partner must be updated', async () => {
    const api = installGateway();
    api.connections = [makeConnection({ id: 'con_r', name: 'Partner feed' })];
    signedInAt('/connections/con_r');
    const user = userEvent.setup();
    render(<App />);

    await user.click(await screen.findByRole('button', { name: 'Rotate secret' }));
    const dialog = screen.getByRole('dialog', { name: 'Rotate the secret of Partner feed' });
    expect(
      within(dialog).getByText(/Every partner that sends to this connection must be updated/),
    ).toBeTruthy();
    const confirm = within(dialog).getByRole('button', { name: 'Rotate secret' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);

    await user.selectOptions(within(dialog).getByLabelText('Grace period for the old secret'), '3600');
    await user.click(within(dialog).getByLabelText(/every partner must be updated/));
    expect(confirm.disabled).toBe(false);
    await user.click(confirm);

    const reveal = await screen.findByRole('dialog', { name: 'Secret rotated' });
    const secret = generatedSecret('rot');
    expect(within(reveal).getByText(secret)).toBeTruthy();
    expect(api.callsTo('POST', '/api/v1/connections/con_r/rotate')[0]?.body).toEqual({ graceSeconds: 3600 });

    await user.click(within(reveal).getByRole('button', { name: 'I have saved the secret' }));
    expect(document.body.innerHTML).not.toContain(secret);
    expect(screen.getByTestId('secret-preview').textContent).toBe(
      `${secret.slice(0, 6)}…${secret.slice(-4)}`,
    );
  });

  it('cancelling the rotation sends nothing and Escape closes the dialog', async () => {
    const api = installGateway();
    api.connections = [makeConnection({ id: 'con_c', name: 'Quiet' })];
    signedInAt('/connections/con_c');
    const user = userEvent.setup();
    render(<App />);

    const open = await screen.findByRole('button', { name: 'Rotate secret' });
    await user.click(open);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(open);
    expect(api.callsTo('POST', '/api/v1/connections/con_c/rotate')).toHaveLength(0);
  });

  it('edits, disables and deletes', async () => {
    const api = installGateway();
    api.connections = [makeConnection({ id: 'con_e', name: 'Old name' })];
    signedInAt('/connections/con_e');
    const user = userEvent.setup();
    render(<App />);

    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    const name = screen.getByLabelText('Name');
    await user.clear(name);
    await user.type(name, 'New name');
    await user.type(screen.getByLabelText('Max body size in bytes (optional)'), '2048');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('heading', { name: /New name/ })).toBeTruthy();
    expect(api.callsTo('PATCH', '/api/v1/connections/con_e')[0]?.body).toEqual({
      name: 'New name',
      maxBodyBytes: 2048,
      enabled: true,
    });

    await user.click(screen.getByRole('button', { name: 'Disable' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Disable' }));
    expect(await screen.findByRole('button', { name: 'Enable' })).toBeTruthy();
    expect(api.callsTo('PATCH', '/api/v1/connections/con_e')[1]?.body).toEqual({ enabled: false });

    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await user.click(screen.getByRole('button', { name: 'Delete connection' }));
    expect(await screen.findByRole('heading', { name: 'Connections' })).toBeTruthy();
    expect(api.callsTo('DELETE', '/api/v1/connections/con_e')).toHaveLength(1);
    expect(window.location.pathname).toBe('/connections');
  });
});
