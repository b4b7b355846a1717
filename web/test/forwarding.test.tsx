import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Connection, Forward } from '../src/api/types.ts';
import { App } from '../src/app.tsx';
import { json } from './fake-api.ts';
import { installGateway, makeConnection, makeRow, signedInAt } from './fake-gateway.ts';

const FORWARD_SECRET = `whsec_${'A'.repeat(43)}=`;

function forwardOf(url: string, preview = 'whsec_…AAA='): Forward {
  return {
    url,
    secretPreview: preview,
    headers: {},
    retrySchedule: [0, 5, 300],
    timeoutMs: 15000,
    enabled: true,
  };
}

/** The gateway with the forwarding routes the dashboard calls. */
function setup(connection: Connection) {
  const api = installGateway();
  api.connections = [connection];
  const replace = (next: Connection) => {
    api.connections = api.connections.map((c) => (c.id === next.id ? next : c));
    return next;
  };
  api
    .route('PATCH', /^\/api\/v1\/connections\/([^/]+)$/, ({ body }, [id]) => {
      const found = api.connections.find((c) => c.id === id) as Connection;
      const input = (body as { forward?: { url: string } | null }).forward;
      if (input === undefined) return json(200, replace({ ...found, ...(body as object) }));
      if (input === null) return json(200, replace({ ...found, forward: null }));
      const first = !found.forward;
      const saved = replace({ ...found, forward: forwardOf(input.url) });
      return json(200, first ? { ...saved, forwardSecret: FORWARD_SECRET } : saved);
    })
    .route('GET', /^\/api\/v1\/events\/([^/]+)\/attempts$/, () =>
      json(200, {
        items: [
          {
            attempt: 2,
            status: 'failed',
            statusCode: 503,
            durationMs: 12,
            responsePreview: '',
            error: 'HTTP 503',
            at: 2_000,
          },
          {
            attempt: 1,
            status: 'failed',
            statusCode: null,
            durationMs: 0,
            responsePreview: '',
            error: 'connection refused',
            at: 1_000,
          },
        ],
        nextCursor: null,
      }),
    )
    .route('POST', /^\/api\/v1\/events\/([^/]+)\/redeliver$/, () => json(202, { queued: 1 }))
    .route('POST', /^\/api\/v1\/connections\/([^/]+)\/redeliver$/, () => json(202, { queued: 3 }));
  return api;
}

describe('forwarding', () => {
  it('sets up forwarding from the connection page and shows the forward secret once', async () => {
    const api = setup(makeConnection({ id: 'con_1', name: 'Stripe', forward: null }));
    signedInAt('/connections/con_1');
    const user = userEvent.setup();
    render(<App />);

    const card = await screen.findByTestId('forward-card');
    expect(within(card).getByText(/Not forwarding/)).toBeTruthy();
    await user.click(within(card).getByRole('button', { name: 'Set up forwarding' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Forward events to your backend' }));
    await user.type(dialog.getByLabelText('Forward URL'), 'https://api.example.com/hooks');
    await user.click(dialog.getByRole('button', { name: 'Start forwarding' }));

    const secret = await screen.findByTestId('new-secret');
    expect(secret.textContent).toBe(FORWARD_SECRET);
    expect(api.callsTo('PATCH', '/api/v1/connections/con_1').at(-1)?.body).toEqual({
      forward: { url: 'https://api.example.com/hooks' },
    });
    await user.click(screen.getByRole('button', { name: 'I have saved the secret' }));
    expect(screen.queryByText(FORWARD_SECRET)).toBeNull();
    expect(within(card).getByText('https://api.example.com/hooks')).toBeTruthy();
    expect(within(card).getByTestId('forward-secret-preview').textContent).toBe('whsec_…AAA=');

    await user.click(within(card).getByRole('button', { name: 'Change URL' }));
    const change = within(screen.getByRole('dialog', { name: 'Change the forward URL' }));
    await user.clear(change.getByLabelText('Forward URL'));
    await user.type(change.getByLabelText('Forward URL'), 'https://api.example.com/v2');
    await user.click(change.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(within(card).getByText('https://api.example.com/v2')).toBeTruthy());
    expect(screen.queryByTestId('new-secret')).toBeNull();
  });

  it('redelivers the failed forwards of a time window after a confirmation', async () => {
    const api = setup(makeConnection({ id: 'con_1', forward: forwardOf('https://api.example.com/hooks') }));
    signedInAt('/connections/con_1');
    const user = userEvent.setup();
    render(<App />);

    await user.click(await screen.findByRole('button', { name: 'Redeliver failed…' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Redeliver failed events' }));
    await user.selectOptions(dialog.getByLabelText('Received in'), 'the last hour');
    expect(api.callsTo('POST', '/api/v1/connections/con_1/redeliver')).toHaveLength(0);
    await user.click(dialog.getByRole('button', { name: 'Redeliver failed' }));
    expect(await dialog.findByText('3 events queued again.')).toBeTruthy();
    const call = api.callsTo('POST', '/api/v1/connections/con_1/redeliver')[0];
    const body = call?.body as { since: string; status: string };
    expect(body.status).toBe('failed');
    expect(Date.now() - Date.parse(body.since)).toBeGreaterThanOrEqual(3_600_000);
    expect(Date.now() - Date.parse(body.since)).toBeLessThan(3_700_000);
  });

  it('shows forward status in the history list, attempts in the detail, and redelivers one event', async () => {
    const api = setup(makeConnection({ id: 'con_1', forward: forwardOf('https://api.example.com/hooks') }));
    api.history = [
      makeRow({
        id: 'h_ok',
        eventId: 'evt_ok',
        forward: { status: 'delivered', attempts: 1, lastStatusCode: 200 },
      }),
      makeRow({
        id: 'h_dead',
        eventId: 'evt_dead',
        forward: { status: 'dead', attempts: 2, lastStatusCode: 503 },
      }),
      makeRow({ id: 'h_bad', outcome: 'UNAUTHORIZED', eventId: null, forward: null }),
    ];
    signedInAt('/history');
    const user = userEvent.setup();
    render(<App />);

    expect(await screen.findByText('Delivered')).toBeTruthy();
    expect(screen.getByText('Dead · 2 attempts')).toBeTruthy();
    const rows = screen.getAllByRole('link', { name: /Details of the request/ });
    // Newest first: h_bad, h_dead, h_ok.
    await user.click(rows[1] as HTMLElement);
    const forward = within(await screen.findByRole('region', { name: 'Forward' }));
    expect(await forward.findByText('— · connection refused')).toBeTruthy();
    expect(forward.getByText('503')).toBeTruthy();
    expect(api.callsTo('GET', '/api/v1/events/evt_dead/attempts')).toHaveLength(1);

    await user.click(forward.getByRole('button', { name: 'Redeliver' }));
    const confirm = within(screen.getByRole('dialog', { name: 'Redeliver this event?' }));
    await user.click(confirm.getByRole('button', { name: 'Redeliver' }));
    expect(await forward.findByText('Redelivery queued.')).toBeTruthy();
    expect(api.callsTo('POST', '/api/v1/events/evt_dead/redeliver')).toHaveLength(1);
  });
});
