import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../src/app.tsx';
import { installGateway, signedInAt } from './fake-gateway.ts';
import {
  makeApplication,
  makeAttempt,
  makeDelivery,
  makeEndpoint,
  outboundOf,
  outboundSecret,
} from './fake-outbound.ts';

function setup(path: string) {
  const api = installGateway();
  signedInAt(path);
  return { api, outbound: outboundOf(api), user: userEvent.setup() };
}

describe('outbound endpoint', () => {
  function endpointSetup(enabled = true) {
    const context = setup('/outbound/app_a/endpoints/ep_a');
    context.outbound.applications = [makeApplication({ id: 'app_a', name: 'Acme' })];
    context.outbound.endpoints = [
      makeEndpoint({
        id: 'ep_a',
        applicationId: 'app_a',
        description: 'Acme production',
        enabled,
        disabledReason: enabled ? null : '410 Gone',
        signing: { style: 'api_key', secretScope: 'endpoint', header: 'x-api-key' },
        secretPreview: 'abcdef…wxyz',
      }),
    ];
    context.outbound.deliveries = [
      makeDelivery({ messageId: 'msg_dead', endpointId: 'ep_a', state: 'DEAD_LETTER', attempts: 8 }),
      makeDelivery({
        messageId: 'msg_ok',
        endpointId: 'ep_a',
        state: 'SUCCESS',
        lastStatus: 200,
        lastError: null,
      }),
    ];
    context.outbound.attempts = [
      makeAttempt({ endpointId: 'ep_a', messageId: 'msg_dead', responseBodyPreview: '{"error":"down"}' }),
      makeAttempt({
        endpointId: 'ep_a',
        messageId: 'msg_ok',
        status: 'SUCCESS',
        responseStatus: 200,
        error: null,
      }),
    ];
    return context;
  }

  it('lists deliveries and attempts, shows a response body and replays one delivery', async () => {
    const { api, user } = endpointSetup();
    render(<App />);

    expect(await screen.findByRole('heading', { name: /Acme production/ })).toBeTruthy();
    expect(screen.getByTestId('secret-preview').textContent).toBe('abcdef…wxyz');
    const dead = (await screen.findByRole('button', { name: 'Replay message msg_dead' })).closest(
      'tr',
    ) as HTMLElement;
    expect(dead.getAttribute('data-state')).toBe('DEAD_LETTER');
    expect(within(dead).getByText('Dead letter')).toBeTruthy();
    await user.click(within(dead).getByRole('button', { name: 'Replay message msg_dead' }));
    expect(await screen.findByText('Message msg_dead queued again.')).toBeTruthy();
    expect(api.callsTo('POST', '/api/v1/messages/msg_dead/endpoints/ep_a/replay')).toHaveLength(1);

    await user.selectOptions(screen.getByLabelText('State'), 'SUCCESS');
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Replay message msg_dead' })).toBeNull());
    expect(
      api
        .callsTo('GET', '/api/v1/applications/app_a/endpoints/ep_a/deliveries')
        .at(-1)
        ?.url.searchParams.get('state'),
    ).toBe('SUCCESS');

    await user.click(screen.getByRole('button', { name: 'Details of attempt 1 of message msg_dead' }));
    const detail = screen.getByRole('region', { name: 'Attempt detail' });
    expect(within(detail).getByTestId('response-body').textContent).toBe(
      JSON.stringify({ error: 'down' }, null, 2),
    );
    expect(within(detail).getByText('HTTP 500')).toBeTruthy();
  });

  it('replays every failure since a time and rotates the endpoint credential', async () => {
    const { api, user } = endpointSetup();
    render(<App />);

    await user.click(await screen.findByRole('button', { name: 'Replay failed' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Replay failed deliveries' }));
    await user.selectOptions(dialog.getByLabelText('Created in'), '1');
    const before = Date.now();
    await user.click(dialog.getByRole('button', { name: 'Replay failed' }));
    expect(await dialog.findByText('1 delivery queued again.')).toBeTruthy();
    const [call] = api.callsTo('POST', '/api/v1/applications/app_a/endpoints/ep_a/replay-failed');
    const body = call?.body as { since: string } | undefined;
    const since = Date.parse(body?.since ?? '');
    expect(Math.abs(before - 3_600_000 - since)).toBeLessThan(5000);
    await user.click(dialog.getByRole('button', { name: 'Done' }));

    await user.click(screen.getByRole('button', { name: 'Rotate credential' }));
    const rotate = within(screen.getByRole('dialog', { name: 'Rotate the endpoint credential' }));
    await user.click(rotate.getByLabelText(/every receiver must be updated/));
    await user.click(rotate.getByRole('button', { name: 'Rotate secret' }));
    const secret = outboundSecret('new');
    const reveal = await screen.findByRole('dialog', { name: 'Credential rotated' });
    expect(within(reveal).getByText(secret)).toBeTruthy();
    await user.click(within(reveal).getByRole('button', { name: 'I have saved the secret' }));
    expect(document.body.innerHTML).not.toContain(secret);
    expect(screen.getByTestId('secret-preview').textContent).toBe(
      `${secret.slice(0, 6)}…${secret.slice(-4)}`,
    );
  });

  it('recovers a dead-lettered endpoint', async () => {
    const { api, user } = endpointSetup(false);
    render(<App />);

    expect(await screen.findByText('410 Gone')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Replay failed' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Recover' }));
    expect(await screen.findByText(/Endpoint recovered: 1 dead-lettered delivery queued again/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Disable' })).toBeTruthy();
    expect(api.callsTo('POST', '/api/v1/applications/app_a/endpoints/ep_a/recover')).toHaveLength(1);
  });

  it('edits an endpoint without resending its signing', async () => {
    const { api, user } = endpointSetup();
    render(<App />);

    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    const form = within(screen.getByRole('dialog', { name: 'Edit endpoint' }));
    expect((form.getByLabelText('Key header') as HTMLInputElement).value).toBe('x-api-key');
    await user.type(form.getByLabelText('Rate limit per second (optional)'), '50');
    await user.click(form.getByRole('button', { name: 'Save endpoint' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const patch = api.callsTo('PATCH', '/api/v1/applications/app_a/endpoints/ep_a')[0]?.body as Record<
      string,
      unknown
    >;
    expect(patch).toMatchObject({ rateLimit: 50, description: 'Acme production', eventTypes: null });
    expect(patch.signing).toBeUndefined();
  });
});
