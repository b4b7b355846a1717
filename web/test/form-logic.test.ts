import { describe, expect, it } from 'vitest';
import type { SigningStyleInfo } from '../src/api/delivery-types.ts';
import { draftFromEndpoint, type EndpointDraft, inputFromDraft } from '../src/lib/endpoint-form.ts';
import { draftFromFlow, inputFromDraft as flowInput, rowKey } from '../src/lib/flow-form.ts';
import {
  describeType,
  guessIdentifierType,
  parsePath,
  previewValue,
  sampleValueAt,
  schemaNodeAt,
} from '../src/lib/json-paths.ts';
import { makeEndpoint } from './fake-outbound.ts';
import signingStyles from './signing-styles.json' with { type: 'json' };

/** The endpoint form with the styles the gateway lists. */
const endpointInput = (draft: EndpointDraft, initial: EndpointDraft | null) =>
  inputFromDraft(draft, initial, signingStyles as SigningStyleInfo[]);

describe('sample paths', () => {
  const sample = { data: { 'first name': 'Ada', items: [{ sku: 'A-1' }, { sku: 'B-2' }] } };
  const schema = {
    type: 'object',
    properties: {
      data: {
        type: 'object',
        properties: {
          'first name': { type: 'string' },
          items: {
            type: 'array',
            items: { anyOf: [{ type: 'object', properties: { sku: { type: 'string' } } }, { type: 'null' }] },
          },
        },
      },
    },
  };

  it('parses the paths the schema API writes and nothing else', () => {
    expect(parsePath("$.data['first name']")).toEqual([{ key: 'data' }, { key: 'first name' }]);
    expect(parsePath('$.data.items[*].sku')).toEqual([
      { key: 'data' },
      { key: 'items' },
      { each: true },
      { key: 'sku' },
    ]);
    expect(parsePath("$.data[?(@.type=='email')]")).toBeNull();
  });

  it('finds the first sample value and the schema node (through anyOf)', () => {
    const sku = parsePath('$.data.items[*].sku') ?? [];
    expect(sampleValueAt(sample, sku)).toBe('A-1');
    expect(sampleValueAt(sample, parsePath("$.data['first name']") ?? [])).toBe('Ada');
    expect(describeType(schemaNodeAt(schema, sku))).toBe('string');
    expect(describeType({ type: ['string', 'null'], format: 'email' })).toBe('string | null (email)');
    expect(describeType({ anyOf: [{ type: 'integer' }, { type: 'string' }] })).toBe('integer | string');
  });

  it('guesses identifier types and previews values', () => {
    expect(guessIdentifierType('$.contact.mail', 'string (email)', 'x')).toBe('email');
    expect(guessIdentifierType('$.msisdn', 'string', '4915112345678')).toBe('phone');
    expect(guessIdentifierType('$.message.chat.id', 'integer', 42)).toBe('chat_id');
    expect(guessIdentifierType('$.from.id', 'string', 'u-1')).toBe('channel_user_id');
    expect(previewValue([1, 2])).toBe('[2 items]');
    expect(previewValue({ a: 1 })).toBe('{…}');
    expect(previewValue('x'.repeat(80))).toHaveLength(58);
  });
});

describe('flow form', () => {
  it('builds the API body: typed operands, unary operators without a value, no filter when empty', () => {
    const draft = {
      ...draftFromFlow(null, 'con_1'),
      name: ' Orders ',
      conditions: [
        { key: rowKey(), path: '$.n', op: 'lt' as const, value: '5' },
        { key: rowKey(), path: '$.flag', op: 'eq' as const, value: 'true' },
        { key: rowKey(), path: '$.x', op: 'not_exists' as const, value: 'ignored' },
      ],
      actions: [{ key: rowKey(), endpointId: ' ep_1 ', eventType: '' }],
    };
    expect(flowInput(draft)).toEqual({
      input: {
        name: 'Orders',
        enabled: true,
        trigger: { type: 'webhook_received', connectionId: 'con_1' },
        filter: {
          match: 'all',
          conditions: [
            { path: '$.n', op: 'lt', value: 5 },
            { path: '$.flag', op: 'eq', value: true },
            { path: '$.x', op: 'not_exists' },
          ],
        },
        transform: null,
        actions: [{ type: 'deliver', endpointId: 'ep_1' }],
      },
    });
    expect(flowInput({ ...draft, conditions: [] })).toMatchObject({ input: { filter: null } });
    expect(flowInput({ ...draft, actions: [{ key: rowKey(), endpointId: '', eventType: '' }] })).toEqual({
      error: 'Delivery 1 needs an endpoint.',
    });
  });
});

describe('endpoint form', () => {
  it('parses headers and the retry schedule and reports what to fix', () => {
    const draft = { ...draftFromEndpoint(null), url: 'https://x.test', headers: 'X-A: 1\nX-B:two' };
    expect(endpointInput(draft, null)).toEqual({
      input: {
        url: 'https://x.test',
        enabled: true,
        headers: { 'X-A': '1', 'X-B': 'two' },
        signing: { style: 'hookgate', secretScope: 'application' },
      },
    });
    expect(endpointInput({ ...draft, headers: 'nonsense' }, null)).toEqual({
      error: 'Header line "nonsense" must look like Name: value.',
    });
    expect(endpointInput({ ...draft, retrySchedule: '0, soon' }, null)).toMatchObject({
      error: expect.stringMatching(/whole seconds/),
    });
    expect(endpointInput({ ...draft, rateLimit: '0' }, null)).toEqual({
      error: 'Rate limit must be a whole number above 0.',
    });
  });

  it('sends its own secret only for styles that use one, and signing only when it changed', () => {
    const endpoint = makeEndpoint({
      signing: { style: 'hmac_header', secretScope: 'endpoint', header: 'X-Sig' },
    });
    const initial = draftFromEndpoint(endpoint);
    expect(initial).toMatchObject({ style: 'hmac_header', ownSecret: true, styleField: 'X-Sig' });
    expect('signing' in (endpointInput(initial, initial) as { input: object }).input).toBe(false);
    const changed = { ...initial, secret: 'typed-secret' };
    expect(endpointInput(changed, initial)).toMatchObject({
      input: {
        signing: { style: 'hmac_header', secretScope: 'endpoint', header: 'X-Sig', secret: 'typed-secret' },
      },
    });
    const shared = { ...initial, ownSecret: false, secret: 'ignored' };
    expect(endpointInput(shared, initial)).toMatchObject({
      input: { signing: { style: 'hmac_header', secretScope: 'application', header: 'X-Sig' } },
    });
  });
});
