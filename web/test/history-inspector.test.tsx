import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../src/app.tsx';
import { curlCommand, SECRET_PLACEHOLDER, SIGNATURE_PLACEHOLDER } from '../src/lib/curl-command.ts';
import { installGateway, isoAt, makeConnection, makeRow, signedInAt } from './fake-gateway.ts';

const SECRET = 'sk_live_THIS_MUST_NEVER_SHOW_0123456789';
const FULL_BODY = JSON.stringify({ order: { id: 90, note: "it's 'quoted'" }, items: ['a'.repeat(5000)] });

function base64(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

function setup() {
  const api = installGateway();
  api.connections = [
    makeConnection({
      id: 'con_1',
      name: 'Make',
      auth: { mode: 'shared_secret', header: 'x-webhook-secret' },
      inboundUrl: 'https://hooks.example.com/webhooks/in/con_1',
    }),
  ];
  api.history = [
    makeRow({
      id: 'h_ok',
      receivedAt: isoAt(2_000),
      eventId: 'evt_ok',
      bodySize: FULL_BODY.length,
      bodyPreview: FULL_BODY.slice(0, 4096),
      headers: { 'content-type': 'application/json', 'x-webhook-secret': '[redacted]', host: 'gw' },
    }),
    makeRow({
      id: 'h_refused',
      receivedAt: isoAt(1_000),
      outcome: 'UNAUTHORIZED',
      message: 'UNAUTHORIZED: Invalid secret',
      eventId: null,
      bodyPreview: 'not json at all',
      bodySize: 15,
    }),
  ];
  api.events.set('evt_ok', {
    id: 'evt_ok',
    connectionId: 'con_1',
    receivedAt: isoAt(2_000),
    contentType: 'application/json',
    headers: { 'content-type': 'application/json' },
    body: base64(FULL_BODY),
  });
  return api;
}

afterEach(() => vi.unstubAllGlobals());

describe('request inspector', () => {
  it('shows the full body of an accepted request from its event: pretty, raw and download', async () => {
    const api = setup();
    const saved: Blob[] = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      saved.push(blob);
      return 'blob:body';
    });
    URL.revokeObjectURL = vi.fn();
    signedInAt('/history?row=h_ok');
    const user = userEvent.setup();
    render(<App />);

    const detail = await screen.findByRole('region', { name: 'Request detail' });
    await waitFor(() =>
      expect(within(detail).getByTestId('body-preview').textContent).toBe(
        JSON.stringify(JSON.parse(FULL_BODY), null, 2),
      ),
    );
    expect(api.callsTo('GET', '/api/v1/events/evt_ok')).toHaveLength(1);
    await user.click(within(detail).getByRole('button', { name: 'Raw' }));
    expect(within(detail).getByTestId('body-preview').textContent).toBe(FULL_BODY);
    await user.click(within(detail).getByRole('button', { name: 'Download' }));
    expect(await saved[0]?.text()).toBe(FULL_BODY);
    expect(saved[0]?.type).toBe('application/json');
  });

  it('a refused request has no event: the preview history keeps, said so, and no event call', async () => {
    const api = setup();
    signedInAt('/history');
    const user = userEvent.setup();
    render(<App />);
    const links = await screen.findAllByRole('link', { name: /Details of the request/ });
    await user.click(links[1] as HTMLElement);

    const detail = screen.getByRole('region', { name: 'Request detail' });
    expect(within(detail).getByTestId('body-preview').textContent).toBe('not json at all');
    expect(within(detail).getByRole('button', { name: 'Pretty' })).toHaveProperty('disabled', true);
    expect(within(detail).getByText(/Not stored as an event/)).toBeTruthy();
    expect(api.calls.some((c) => c.url.pathname.startsWith('/api/v1/events/'))).toBe(false);
  });

  it('a link to a request not on the loaded page fetches that row', async () => {
    const api = setup();
    api.history.push(
      makeRow({ id: 'h_old', receivedAt: isoAt(10), message: 'From last year', eventId: null }),
    );
    signedInAt('/history?outcome=UNAUTHORIZED&row=h_old');
    render(<App />);
    const detail = await screen.findByRole('region', { name: 'Request detail' });
    expect(await within(detail).findByText('From last year')).toBeTruthy();
    expect(api.callsTo('GET', '/api/v1/history/h_old')).toHaveLength(1);

    const user = userEvent.setup();
    await user.click(within(detail).getByRole('button', { name: 'Close request detail' }));
    expect(window.location.search).toBe('?outcome=UNAUTHORIZED');
    expect(screen.queryByRole('region', { name: 'Request detail' })).toBeNull();
  });

  it('"copy as curl" puts a placeholder where the credential goes, never a value', async () => {
    const api = setup();
    // Even if a secret had reached the row (history redacts it), the command must not carry it.
    const leaky = { ...api.history[0]!, headers: { ...api.history[0]!.headers, 'x-webhook-secret': SECRET } };
    api.history[0] = leaky;
    signedInAt('/history?row=h_ok');
    const user = userEvent.setup();
    render(<App />);

    const detail = await screen.findByRole('region', { name: 'Request detail' });
    await waitFor(() => expect(within(detail).getByTestId('curl-command').textContent).toContain('order'));
    await user.click(within(detail).getByRole('button', { name: 'Copy as curl' }));
    const copied = await navigator.clipboard.readText();
    expect(copied).toBe(within(detail).getByTestId('curl-command').textContent);
    expect(copied).toContain(`-H "x-webhook-secret: ${SECRET_PLACEHOLDER}"`);
    expect(copied).toContain("curl -X POST 'https://hooks.example.com/webhooks/in/con_1'");
    expect(copied).not.toContain(SECRET);
    expect(copied).not.toContain('[redacted]');
    expect(copied).not.toMatch(/host:/);
  });
});

describe('curlCommand', () => {
  it('quotes values as single shell words, single quotes included', () => {
    const command = curlCommand({
      url: 'http://gw/webhooks/in/con_1',
      headers: { 'content-type': 'application/json' },
      body: "it's",
    });
    expect(command).toContain(`--data-binary 'it'\\''s'`);
  });

  it('every redacted header and the credential header get a variable, whatever they held', () => {
    const withSecret = curlCommand({
      url: 'http://gw/x',
      headers: { 'x-api-key': SECRET, 'x-signature': '[redacted]', 'user-agent': 'Xoxo' },
      body: '{}',
      auth: { mode: 'api_key', header: 'X-API-Key' },
    });
    expect(withSecret).not.toContain(SECRET);
    expect(withSecret).toContain(`-H "x-api-key: ${SECRET_PLACEHOLDER}"`);
    expect(withSecret).toContain(`-H "x-signature: ${SIGNATURE_PLACEHOLDER}"`);
    expect(withSecret).toContain(`-H 'user-agent: Xoxo'`);

    const signed = curlCommand({
      url: 'http://gw/x',
      headers: { 'x-signature-primary': SECRET },
      body: '{}',
      auth: { mode: 'hmac', header: 'X-Signature-Primary' },
    });
    expect(signed).toContain(`-H "x-signature-primary: ${SIGNATURE_PLACEHOLDER}"`);
    expect(signed).not.toContain(SECRET);

    // A shared_secret request whose credential header was not recorded still gets the placeholder.
    const missing = curlCommand({
      url: 'http://gw/x',
      headers: {},
      body: '',
      auth: { mode: 'shared_secret', header: 'x-webhook-secret' },
    });
    expect(missing).toContain(`-H "x-webhook-secret: ${SECRET_PLACEHOLDER}"`);
  });
});
