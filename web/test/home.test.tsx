import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../src/app.tsx';
import { json } from './fake-api.ts';
import { installGateway, makeConnection, signedInAt } from './fake-gateway.ts';

const T0 = '2026-12-06T10:00:00.000Z';
const T1 = '2026-12-06T10:01:00.000Z';

function setup() {
  const api = installGateway();
  api.connections = [
    makeConnection({ id: 'con_a', name: 'Stripe' }),
    makeConnection({ id: 'con_b', name: 'Make' }),
  ];
  api
    .route('GET', /^\/api\/v1\/stats$/, ({ url }) =>
      json(200, {
        bucket: 'minute',
        since: T0,
        until: T1,
        buckets: url.searchParams.get('connectionId')
          ? [{ start: T0, counts: { ACCEPTED: 1 } }]
          : [
              { start: T0, counts: { ACCEPTED: 3, UNAUTHORIZED: 1 } },
              { start: T1, counts: { ACCEPTED: 2, UNAUTHORIZED: 4, DUPLICATE: 1 } },
            ],
      }),
    )
    .route('GET', /^\/api\/v1\/stats\/deliveries$/, () =>
      json(200, {
        bucket: 'minute',
        since: T0,
        until: T1,
        buckets: [
          { start: T0, counts: { SUCCESS: 3, FAILED: 1 }, p50Ms: 40, p95Ms: 250 },
          { start: T1, counts: {}, p50Ms: null, p95Ms: null },
        ],
      }),
    )
    .route('GET', /^\/api\/v1\/stats\/connections$/, () =>
      json(200, {
        since: T0,
        until: T1,
        items: [
          {
            connectionId: 'con_b',
            name: 'Make',
            total: 6,
            refused: 5,
            counts: { ACCEPTED: 1, UNAUTHORIZED: 5 },
          },
          { connectionId: 'con_a', name: 'Stripe', total: 4, refused: 0, counts: { ACCEPTED: 4 } },
        ],
      }),
    );
  return api;
}

describe('home', () => {
  it('sums requests per outcome, delivery success and lists only connections with refused requests', async () => {
    setup();
    signedInAt('/');
    render(<App />);

    const totals = await screen.findByRole('list', { name: 'Requests per outcome' });
    expect(
      within(totals)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['11 requests', 'Accepted: 5', 'Unauthorized: 5', 'Duplicate: 1']);
    expect(screen.getByText(/3 of 4 attempts succeeded \(75%\)/)).toBeTruthy();

    const refused = screen.getByRole('region', { name: 'Most refused' });
    const rows = within(refused).getAllByRole('row');
    expect(rows).toHaveLength(2);
    expect(within(refused).getByRole('link', { name: 'Make' }).getAttribute('href')).toBe(
      '/connections/con_b',
    );
    expect(within(refused).queryByText('Stripe')).toBeNull();
  });

  it('asks for the chosen window and connection and keeps both in the URL', async () => {
    const api = setup();
    signedInAt('/');
    const user = userEvent.setup();
    render(<App />);
    await screen.findByRole('list', { name: 'Requests per outcome' });
    const first = api.callsTo('GET', '/api/v1/stats')[0];
    expect(first?.url.searchParams.get('bucket')).toBe('minute');
    expect(first?.url.searchParams.has('connectionId')).toBe(false);

    await user.selectOptions(screen.getByLabelText('Window'), '7d');
    await user.selectOptions(await screen.findByLabelText('Connection'), 'con_a');

    await waitFor(() =>
      expect(screen.getByRole('list', { name: 'Requests per outcome' }).firstChild?.textContent).toBe(
        '1 request',
      ),
    );
    const last = api.callsTo('GET', '/api/v1/stats').at(-1);
    expect(last?.url.searchParams.get('bucket')).toBe('day');
    expect(last?.url.searchParams.get('connectionId')).toBe('con_a');
    const since = Date.parse(last?.url.searchParams.get('since') ?? '');
    expect(Date.now() - since).toBeGreaterThanOrEqual(7 * 24 * 3_600_000);
    expect(window.location.search).toBe('?window=7d&connectionId=con_a');
  });

  it('opens with the window and connection a shared URL names', async () => {
    const api = setup();
    signedInAt('/?window=24h&connectionId=con_b');
    render(<App />);
    await screen.findByRole('list', { name: 'Requests per outcome' });
    const call = api.callsTo('GET', '/api/v1/stats')[0];
    expect(call?.url.searchParams.get('bucket')).toBe('hour');
    expect(call?.url.searchParams.get('connectionId')).toBe('con_b');
    expect((screen.getByLabelText('Window') as HTMLSelectElement).value).toBe('24h');
  });

  it('says so when nothing happened in the window', async () => {
    installGateway();
    signedInAt('/');
    render(<App />);
    expect(await screen.findByText('No requests in this window.')).toBeTruthy();
    expect(screen.getByText('No delivery attempts in this window.')).toBeTruthy();
    expect(screen.getByText('No refused requests in this window.')).toBeTruthy();
  });
});
