import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { App } from '../src/app.tsx';
import { TOKEN } from './fake-api.ts';
import { installGateway, makeConnection } from './fake-gateway.ts';

describe('sign in', () => {
  it('probes the API with the token as a Bearer header and opens the dashboard', async () => {
    const api = installGateway();
    api.connections = [makeConnection({ name: 'Stripe payments' })];
    const user = userEvent.setup();
    render(<App />);

    await user.type(screen.getByLabelText('Admin token'), TOKEN);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'Home' })).toBeTruthy();
    expect(await screen.findByRole('option', { name: 'Stripe payments' })).toBeTruthy();
    const probe = api.callsTo('GET', '/api/v1/connections')[0];
    expect(probe?.url.searchParams.get('limit')).toBe('1');
    expect(probe?.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(sessionStorage.getItem('hookgate.adminToken')).toBe(TOKEN);
    expect(window.location.href).not.toContain(TOKEN);
    expect(document.cookie).not.toContain(TOKEN);
  });

  it('shows the API 401 message for a wrong token and keeps nothing', async () => {
    installGateway();
    const user = userEvent.setup();
    render(<App />);

    await user.type(screen.getByLabelText('Admin token'), 'wrong-token');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect((await screen.findByRole('alert')).textContent).toBe('UNAUTHORIZED: Invalid admin token');
    expect(screen.queryByRole('heading', { name: 'Home' })).toBeNull();
    expect(sessionStorage.getItem('hookgate.adminToken')).toBeNull();
  });

  it('explains an unreachable gateway', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const user = userEvent.setup();
    render(<App />);

    await user.type(screen.getByLabelText('Admin token'), TOKEN);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect((await screen.findByRole('alert')).textContent).toMatch(/Could not reach the gateway/);
  });

  it('signs out with the API message when a later call answers 401', async () => {
    installGateway();
    sessionStorage.setItem('hookgate.adminToken', 'revoked-token');
    render(<App />);

    expect(await screen.findByText('Signed out: UNAUTHORIZED: Invalid admin token')).toBeTruthy();
    expect(screen.getByLabelText('Admin token')).toBeTruthy();
    expect(sessionStorage.getItem('hookgate.adminToken')).toBeNull();
  });
});
