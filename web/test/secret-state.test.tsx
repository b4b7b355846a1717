import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../src/app.tsx';
import { SecretState } from '../src/components/secret-state.tsx';
import { installGateway, makeConnection, signedInAt } from './fake-gateway.ts';

const NOW = Date.parse('2026-12-06T12:00:00.000Z');
const quiet = { rotationDueAt: null, previousSecretExpiresAt: null };

describe('secret state', () => {
  it('shows nothing for a secret with no reminder due and no grace', () => {
    const { container } = render(
      <SecretState
        times={{ rotationDueAt: '2026-12-07T00:00:00.000Z', previousSecretExpiresAt: null }}
        now={NOW}
      />,
    );
    expect(container.textContent).toBe('');
  });

  it('badges a secret whose rotation date has passed', () => {
    render(<SecretState times={{ ...quiet, rotationDueAt: '2026-12-06T11:59:59.000Z' }} now={NOW} />);
    expect(screen.getByText('Rotation due')).toBeTruthy();
  });

  it('says until when the previous secret is accepted during a grace, and nothing after it', () => {
    const until = '2026-12-06T13:00:00.000Z';
    const { rerender } = render(
      <SecretState times={{ ...quiet, previousSecretExpiresAt: until }} now={NOW} />,
    );
    expect(screen.getByText(/^Previous secret accepted until /)).toBeTruthy();
    rerender(<SecretState times={{ ...quiet, previousSecretExpiresAt: until }} now={Date.parse(until)} />);
    expect(screen.queryByText(/Previous secret accepted/)).toBeNull();
  });

  it('the connections list and the connection page show both', async () => {
    const api = installGateway();
    api.connections = [
      makeConnection({
        id: 'con_old',
        name: 'Old secret',
        rotationDueAt: '2020-01-01T00:00:00.000Z',
        previousSecretExpiresAt: '2999-01-01T00:00:00.000Z',
      }),
      makeConnection({ id: 'con_new', name: 'Fresh secret' }),
    ];
    signedInAt('/connections');
    render(<App />);
    const row = (await screen.findByText('Old secret')).closest('tr') as HTMLElement;
    expect(within(row).getByText('Rotation due')).toBeTruthy();
    expect(within(row).getByText(/Previous secret accepted until/)).toBeTruthy();
    const fresh = screen.getByText('Fresh secret').closest('tr') as HTMLElement;
    expect(within(fresh).queryByText('Rotation due')).toBeNull();
  });
});

describe('connections filter', () => {
  it('"Rotation due only" asks the API for due connections and keeps the filter in the URL', async () => {
    const api = installGateway();
    api.connections = [
      makeConnection({ id: 'con_old', name: 'Old secret', rotationDueAt: '2020-01-01T00:00:00.000Z' }),
      makeConnection({ id: 'con_new', name: 'Fresh secret' }),
    ];
    signedInAt('/connections');
    const user = userEvent.setup();
    render(<App />);
    await screen.findByText('Fresh secret');

    await user.click(screen.getByLabelText('Rotation due only'));
    await waitFor(() => expect(screen.queryByText('Fresh secret')).toBeNull());
    expect(screen.getByText('Old secret')).toBeTruthy();
    expect(api.callsTo('GET', '/api/v1/connections').at(-1)?.url.searchParams.get('rotationDue')).toBe(
      'true',
    );
    expect(window.location.search).toBe('?rotationDue=true');
  });

  it('opens filtered from a shared URL', async () => {
    const api = installGateway();
    api.connections = [makeConnection({ id: 'con_new', name: 'Fresh secret' })];
    signedInAt('/connections?rotationDue=true');
    render(<App />);
    expect(await screen.findByText('No connection is due for a secret rotation.')).toBeTruthy();
    expect((screen.getByLabelText('Rotation due only') as HTMLInputElement).checked).toBe(true);
    expect(api.callsTo('GET', '/api/v1/connections').some((c) => c.url.searchParams.has('rotationDue'))).toBe(
      true,
    );
  });
});
