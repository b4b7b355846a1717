import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../src/app.tsx';
import { installGateway, isoAt, makeConnection, makeRow, signedInAt } from './fake-gateway.ts';

function setup() {
  const api = installGateway();
  api.connections = [makeConnection({ id: 'con_1', name: 'We-Link' })];
  api.history = [
    makeRow({ id: 'h_ok', outcome: 'ACCEPTED', receivedAt: isoAt(1_000) }),
    makeRow({
      id: 'h_bad',
      outcome: 'UNAUTHORIZED',
      receivedAt: isoAt(2_000),
      message: 'UNAUTHORIZED: Invalid secret',
      headers: { 'content-type': 'application/json', 'x-webhook-secret': '[redacted]' },
      bodyPreview: '{"order":{"id":42,"total":"9.90"}}',
      eventId: null,
    }),
    makeRow({
      id: 'h_dup',
      outcome: 'DUPLICATE',
      receivedAt: isoAt(3_000),
      duplicateOf: 'evt_first',
      contactId: 'ct_7',
    }),
  ];
  return api;
}

describe('history', () => {
  it('filters by outcome through the API and shows only matching rows', async () => {
    const api = setup();
    signedInAt('/history');
    const user = userEvent.setup();
    render(<App />);

    expect(await screen.findAllByRole('cell', { name: 'We-Link' })).toHaveLength(3);
    await user.selectOptions(screen.getByLabelText('Outcome'), 'UNAUTHORIZED');

    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(2));
    expect(screen.getByText('UNAUTHORIZED: Invalid secret')).toBeTruthy();
    const last = api.callsTo('GET', '/api/v1/history').at(-1);
    expect(last?.url.searchParams.get('outcome')).toBe('UNAUTHORIZED');
    expect(window.location.search).toBe('?outcome=UNAUTHORIZED');
  });

  it('keeps connection, outcome, dates and search in the URL; a shared URL opens the same view', async () => {
    const api = setup();
    api.connections.push(makeConnection({ id: 'con_2', name: 'Xoxo' }));
    api.history.push(
      makeRow({ id: 'h_x', connectionId: 'con_2', receivedAt: isoAt(4_000), message: 'order 90 shipped' }),
    );
    const since = isoAt(3_500);
    const until = isoAt(60_000);
    signedInAt(`/history?connectionId=con_2&since=${since}&until=${until}&q=order`);
    render(<App />);

    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(2));
    expect(screen.getByText('order 90 shipped')).toBeTruthy();
    const sent = api.callsTo('GET', '/api/v1/history')[0]?.url.searchParams;
    expect(Object.fromEntries(sent ?? [])).toEqual({
      connectionId: 'con_2',
      since,
      until,
      q: 'order',
      limit: '50',
    });
    await waitFor(() =>
      expect((screen.getByLabelText('Connection') as HTMLSelectElement).value).toBe('con_2'),
    );
    expect((screen.getByLabelText('Search') as HTMLInputElement).value).toBe('order');
    const from = (screen.getByLabelText('From') as HTMLInputElement).value;
    expect(new Date(from).getTime()).toBe(Math.floor(3_500 / 60_000) * 60_000);
    // An end date or a search cannot be followed live: the tail is off and says so.
    expect(screen.getByText(/No live updates while/)).toBeTruthy();
    expect(api.calls.some((c) => c.url.pathname === '/api/v1/history/stream')).toBe(false);
  });

  it('each filter change is a history entry: back returns to the previous view', async () => {
    const api = setup();
    signedInAt('/history');
    const user = userEvent.setup();
    render(<App />);
    expect(await screen.findAllByRole('link', { name: /Details of the request/ })).toHaveLength(3);

    await user.type(screen.getByLabelText('Search'), 'order{Enter}');
    await waitFor(() => expect(window.location.search).toBe('?q=order'));
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(2));
    expect(api.callsTo('GET', '/api/v1/history').at(-1)?.url.searchParams.get('q')).toBe('order');

    await user.selectOptions(screen.getByLabelText('Outcome'), 'UNAUTHORIZED');
    await waitFor(() => expect(window.location.search).toBe('?q=order&outcome=UNAUTHORIZED'));

    window.history.back();
    await waitFor(() => expect(window.location.search).toBe('?q=order'));
    await waitFor(() => expect((screen.getByLabelText('Outcome') as HTMLSelectElement).value).toBe(''));
    window.history.back();
    await waitFor(() => expect(window.location.search).toBe(''));
    await waitFor(() => expect((screen.getByLabelText('Search') as HTMLInputElement).value).toBe(''));
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(4));

    await user.selectOptions(screen.getByLabelText('Outcome'), 'DUPLICATE');
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(window.location.search).toBe(''));
  });

  it('opens with the outcome filter a shared URL names', async () => {
    const api = setup();
    signedInAt('/history?outcome=DUPLICATE');
    render(<App />);
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(2));
    expect((screen.getByLabelText('Outcome') as HTMLSelectElement).value).toBe('DUPLICATE');
    expect(api.callsTo('GET', '/api/v1/history')[0]?.url.searchParams.get('outcome')).toBe('DUPLICATE');
  });

  it('opens a row detail with message, redacted headers and pretty JSON', async () => {
    setup();
    signedInAt('/history?outcome=');
    const user = userEvent.setup();
    render(<App />);

    const rows = await screen.findAllByRole('link', { name: /Details of the request/ });
    expect(rows).toHaveLength(3);
    expect(rows[1]?.getAttribute('href')).toBe('/history?row=h_bad');
    await user.click(rows[1] as HTMLElement);
    expect(window.location.search).toBe('?row=h_bad');
    expect(
      screen.getAllByRole('link', { name: /Details of the request/ })[1]?.getAttribute('aria-current'),
    ).toBe('true');

    const detail = screen.getByRole('region', { name: 'Request detail' });
    expect(within(detail).getAllByText('UNAUTHORIZED: Invalid secret').length).toBeGreaterThan(0);
    expect(within(detail).getByText('x-webhook-secret')).toBeTruthy();
    expect(within(detail).getByText('[redacted]')).toBeTruthy();
    expect(within(detail).getByTestId('body-preview').textContent).toBe(
      JSON.stringify({ order: { id: 42, total: '9.90' } }, null, 2),
    );

    await user.click(rows[0] as HTMLElement);
    expect(
      within(screen.getByRole('region', { name: 'Request detail' })).getByText('evt_first'),
    ).toBeTruthy();
    expect(screen.getByText('ct_7')).toBeTruthy();
  });

  it('badges a row whose credential came over plain HTTP and lists its warnings in the detail', async () => {
    const api = installGateway();
    const warning = 'INSECURE_TRANSPORT: The credential header arrived over plain HTTP';
    api.history = [
      makeRow({ id: 'h_secure', receivedAt: isoAt(1_000) }),
      makeRow({ id: 'h_plain', receivedAt: isoAt(2_000), warnings: [warning] }),
    ];
    signedInAt('/history');
    const user = userEvent.setup();
    render(<App />);

    const rows = await screen.findAllByRole('link', { name: /Details of the request/ });
    expect(screen.getAllByText('Insecure transport')).toHaveLength(1);
    const plainRow = (rows[0] as HTMLElement).closest('tr') as HTMLElement;
    expect(within(plainRow).getByText('Insecure transport').getAttribute('title')).toBe(warning);

    await user.click(rows[0] as HTMLElement);
    const detail = screen.getByRole('region', { name: 'Request detail' });
    expect(within(detail).getByText(warning)).toBeTruthy();
    await user.click(rows[1] as HTMLElement);
    const secure = screen.getByRole('region', { name: 'Request detail' });
    expect(within(secure).queryByText(warning)).toBeNull();
    expect(within(secure).queryByText('Insecure transport')).toBeNull();
  });

  it('pages with the cursor via "Load more"', async () => {
    const api = installGateway();
    api.history = Array.from({ length: 60 }, (_, i) =>
      makeRow({ id: `p_${i}`, receivedAt: isoAt(i * 1000) }),
    );
    signedInAt('/history');
    const user = userEvent.setup();
    render(<App />);

    expect(await screen.findAllByRole('link', { name: /Details of the request/ })).toHaveLength(50);
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() =>
      expect(screen.getAllByRole('link', { name: /Details of the request/ })).toHaveLength(60),
    );
    expect(api.callsTo('GET', '/api/v1/history').at(-1)?.url.searchParams.get('cursor')).toBe('50');
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('prepends live rows and stops following while paused', async () => {
    const api = setup();
    signedInAt('/connections/con_1');
    const user = userEvent.setup();
    render(<App />);

    expect(await screen.findByText('Live')).toBeTruthy();
    const stream = api.calls.find((c) => c.url.pathname === '/api/v1/history/stream');
    expect(stream?.url.searchParams.get('connectionId')).toBe('con_1');
    expect(stream?.headers.get('authorization')).toMatch(/^Bearer /);

    api.pushLive(
      makeRow({
        id: 'h_live',
        receivedAt: isoAt(9_000),
        outcome: 'INVALID_JSON',
        message: 'Body is not JSON',
      }),
    );
    expect(await screen.findByText('Body is not JSON')).toBeTruthy();
    const first = screen.getAllByRole('row')[1] as HTMLElement;
    expect(within(first).getByText('Body is not JSON')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Pause live updates' }));
    expect(screen.getByText('Paused')).toBeTruthy();
    await waitFor(() => expect(api.openStreams).toBe(0));

    await user.click(screen.getByRole('button', { name: 'Resume live updates' }));
    expect(await screen.findByText('Live')).toBeTruthy();
  });

  it("shows a live row's forward at once and each new forward state from the live tail, without a reload", async () => {
    const api = setup();
    signedInAt('/connections/con_1');
    render(<App />);
    expect(await screen.findByText('Live')).toBeTruthy();
    const listCalls = api.callsTo('GET', '/api/v1/history').length;

    api.pushLive(
      makeRow({
        id: 'h_fwd',
        eventId: 'evt_fwd',
        receivedAt: isoAt(9_000),
        message: 'Forwarded live',
        forward: { status: 'pending', attempts: 1, lastStatusCode: null },
      }),
    );
    const row = (await screen.findByText('Forwarded live')).closest('tr') as HTMLElement;
    expect(within(row).getByText('Pending')).toBeTruthy();

    api.pushForward({
      eventId: 'evt_fwd',
      connectionId: 'con_1',
      forward: { status: 'delivered', attempts: 2, lastStatusCode: 204 },
    });
    expect(await within(row).findByText('Delivered · 2 attempts')).toBeTruthy();
    expect(within(row).queryByText('Pending')).toBeNull();
    expect(api.callsTo('GET', '/api/v1/history').length, 'no reload').toBe(listCalls);
  });

  it('resumes a dropped live tail after the last row it showed (Last-Event-ID)', async () => {
    const api = setup();
    signedInAt('/history');
    render(<App />);
    expect(await screen.findByText('Live')).toBeTruthy();
    api.pushLive(makeRow({ id: 'h_seen', message: 'Seen before the drop' }));
    expect(await screen.findByText('Seen before the drop')).toBeTruthy();

    api.endStreams();
    const streams = () => api.calls.filter((c) => c.url.pathname === '/api/v1/history/stream');
    await waitFor(() => expect(streams()).toHaveLength(2), { timeout: 10_000 });
    expect(streams()[0]?.headers.get('last-event-id')).toBeNull();
    expect(streams()[1]?.headers.get('last-event-id')).toBe('h_seen');
  }, 15_000);
});
