import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../src/app.tsx';
import { json } from './fake-api.ts';
import { installGateway, makeConnection, signedInAt } from './fake-gateway.ts';
import { makeApplication, makeEndpoint, outboundOf } from './fake-outbound.ts';
import { makeFlow, makeRun, processingOf } from './fake-processing.ts';

function setup(path = '/flows') {
  const api = installGateway();
  api.connections = [makeConnection({ id: 'con_1', name: 'Shop orders' })];
  signedInAt(path);
  return { api, processing: processingOf(api), user: userEvent.setup() };
}

describe('flows', () => {
  it('says to create a connection first when there is none', async () => {
    const api = installGateway();
    signedInAt('/flows');
    render(<App />);
    expect(await screen.findByText('No flows yet.')).toBeTruthy();
    expect(await screen.findByRole('link', { name: 'Create a connection' })).toBeTruthy();
    expect((screen.getByRole('button', { name: 'New flow' }) as HTMLButtonElement).disabled).toBe(true);
    expect(api.callsTo('GET', '/api/v1/flows')).toHaveLength(1);
  });

  it('creates a flow with a filter, a transform and an endpoint picked from the outbound API', async () => {
    const { api, user } = setup();
    const outbound = outboundOf(api);
    outbound.applications = [makeApplication({ id: 'app_1', name: 'CRM' })];
    outbound.endpoints = [makeEndpoint({ id: 'ep_crm', applicationId: 'app_1', description: 'Inbox' })];
    render(<App />);

    await user.click(await screen.findByRole('button', { name: 'New flow' }));
    const dialog = screen.getByRole('dialog', { name: 'New flow' });
    const form = within(dialog);
    await user.type(form.getByLabelText('Name'), 'Paid orders');
    expect((form.getByLabelText('When a request is accepted on') as HTMLSelectElement).value).toBe('con_1');
    await user.click(form.getByRole('button', { name: 'Add condition' }));
    await user.clear(form.getByLabelText('Condition 1 path'));
    await user.type(form.getByLabelText('Condition 1 path'), '$.type');
    await user.type(form.getByLabelText('Condition 1 value'), 'order.paid');
    await user.click(form.getByRole('button', { name: 'Add condition' }));
    await user.clear(form.getByLabelText('Condition 2 path'));
    await user.type(form.getByLabelText('Condition 2 path'), '$.data.amount');
    await user.selectOptions(form.getByLabelText('Condition 2 operator'), 'gte');
    await user.type(form.getByLabelText('Condition 2 value'), '1000');
    await user.click(form.getByRole('button', { name: 'Add condition' }));
    await user.clear(form.getByLabelText('Condition 3 path'));
    await user.type(form.getByLabelText('Condition 3 path'), '$.data.email');
    await user.selectOptions(form.getByLabelText('Condition 3 operator'), 'exists');
    expect((form.getByLabelText('Condition 3 value') as HTMLInputElement).disabled).toBe(true);
    await user.selectOptions(form.getByLabelText('Run when'), 'any');
    await user.type(form.getByLabelText('Transform (optional JSONata)'), '{{ "order": data.id }');
    await user.selectOptions(await form.findByRole('combobox', { name: 'Delivery 1 endpoint' }), 'ep_crm');
    await user.type(form.getByLabelText('Delivery 1 event type (optional)'), 'order.synced');
    await user.click(form.getByRole('button', { name: 'Create flow' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.callsTo('POST', '/api/v1/flows')[0]?.body).toEqual({
      name: 'Paid orders',
      enabled: true,
      trigger: { type: 'webhook_received', connectionId: 'con_1' },
      filter: {
        match: 'any',
        conditions: [
          { path: '$.type', op: 'eq', value: 'order.paid' },
          { path: '$.data.amount', op: 'gte', value: 1000 },
          { path: '$.data.email', op: 'exists' },
        ],
      },
      transform: '{ "order": data.id }',
      actions: [{ type: 'deliver', endpointId: 'ep_crm', eventType: 'order.synced' }],
    });
    const row = screen.getByRole('row', { name: /Paid orders/ });
    expect(within(row).getByText('Shop orders')).toBeTruthy();
    expect(within(row).getByText('CRM: Inbox')).toBeTruthy();
    expect(within(row).getByText('3 conditions, any may hold')).toBeTruthy();
  });

  it('asks for a JSON array for "in", types endpoint ids without the outbound API, and shows API errors', async () => {
    const { api, user } = setup();
    api.route('POST', /^\/api\/v1\/flows$/, () =>
      json(400, {
        error: 'VALIDATION_ERROR',
        message: 'transform is not valid JSONata (S0202: Expected "}")',
      }),
    );
    render(<App />);

    await user.click(await screen.findByRole('button', { name: 'New flow' }));
    await user.type(screen.getByLabelText('Name'), 'Broken');
    await user.click(screen.getByRole('button', { name: 'Add condition' }));
    await user.type(screen.getByLabelText('Condition 1 path'), '$.status');
    await user.selectOptions(screen.getByLabelText('Condition 1 operator'), 'in');
    await user.type(screen.getByLabelText('Condition 1 value'), 'paid');
    expect(await screen.findByText(/outbound API is not available/)).toBeTruthy();
    await user.type(screen.getByLabelText('Delivery 1 endpoint id'), 'ep_typed');
    await user.click(screen.getByRole('button', { name: 'Create flow' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/value of "in" must be a JSON array/);
    expect(api.callsTo('POST', '/api/v1/flows')).toHaveLength(0);

    await user.clear(screen.getByLabelText('Condition 1 value'));
    await user.type(screen.getByLabelText('Condition 1 value'), '[["paid", "shipped"]');
    await user.click(screen.getByRole('button', { name: 'Create flow' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'transform is not valid JSONata (S0202: Expected "}")',
    );
    const body = api.callsTo('POST', '/api/v1/flows')[0]?.body as { filter: unknown; actions: unknown };
    expect(body.filter).toEqual({
      match: 'all',
      conditions: [{ path: '$.status', op: 'in', value: ['paid', 'shipped'] }],
    });
    expect(body.actions).toEqual([{ type: 'deliver', endpointId: 'ep_typed' }]);
  });

  it('shows a flow, filters its runs by status and opens a run', async () => {
    const { api, processing, user } = setup('/flows/flw_x');
    processing.flows = [
      makeFlow({
        id: 'flw_x',
        name: 'Paid orders',
        filter: { match: 'all', conditions: [{ path: '$.data.amount', op: 'gt', value: 1000 }] },
        transform: '{ "order": data.id }',
      }),
    ];
    processing.runs = [
      makeRun({ flowId: 'flw_x', status: 'succeeded', output: { order: 'ord_1' } }),
      makeRun({
        flowId: 'flw_x',
        status: 'failed',
        error: 'Transform failed: T1006',
        output: null,
        actions: [],
        input: { data: { id: 'ord_2' } },
      }),
    ];
    render(<App />);

    expect(await screen.findByRole('heading', { name: /Paid orders/ })).toBeTruthy();
    expect(screen.getByText('$.data.amount > 1000')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Shop orders' })).toBeTruthy();
    expect(await screen.findAllByRole('button', { name: /Details of the run/ })).toHaveLength(2);

    await user.selectOptions(screen.getByLabelText('Status'), 'failed');
    await waitFor(() =>
      expect(screen.getAllByRole('button', { name: /Details of the run/ })).toHaveLength(1),
    );
    expect(api.callsTo('GET', '/api/v1/flows/flw_x/runs').at(-1)?.url.searchParams.get('status')).toBe(
      'failed',
    );
    await user.click(screen.getByRole('button', { name: /Details of the run/ }));
    const detail = screen.getByRole('region', { name: 'Run detail' });
    expect(within(detail).getByText('Transform failed: T1006')).toBeTruthy();
    expect(within(detail).getByTestId('run-input').textContent).toContain('"ord_2"');
    expect(within(detail).getByTestId('run-output').textContent).toBe('—');
  });

  it('disables, edits and deletes a flow', async () => {
    const { api, processing, user } = setup('/flows/flw_e');
    processing.flows = [makeFlow({ id: 'flw_e', name: 'Old name' })];
    render(<App />);

    await user.click(await screen.findByRole('button', { name: 'Disable' }));
    expect(await screen.findByRole('button', { name: 'Enable' })).toBeTruthy();
    expect(api.callsTo('PATCH', '/api/v1/flows/flw_e')[0]?.body).toEqual({ enabled: false });

    await user.click(screen.getByRole('button', { name: 'Edit' }));
    const name = within(screen.getByRole('dialog')).getByLabelText('Name');
    await user.clear(name);
    await user.type(name, 'New name');
    await user.click(screen.getByRole('button', { name: 'Save flow' }));
    expect(await screen.findByRole('heading', { name: /New name/ })).toBeTruthy();
    const patch = api.callsTo('PATCH', '/api/v1/flows/flw_e')[1]?.body as Record<string, unknown>;
    expect(patch).toMatchObject({ name: 'New name', enabled: false, filter: null, transform: null });

    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await user.click(screen.getByRole('button', { name: 'Delete flow' }));
    expect(await screen.findByRole('heading', { name: 'Flows' })).toBeTruthy();
    expect(api.callsTo('DELETE', '/api/v1/flows/flw_e')).toHaveLength(1);
  });
});
