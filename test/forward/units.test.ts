import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  credentialBearingHeaders,
  forwardedHeaders,
  forwardRequestHeaders,
} from '../../src/forward/forward-headers.ts';
import { decideForwardState } from '../../src/forward/forward-state.ts';
import { findScheme } from '../../src/verify/registry.ts';

test('forwardedHeaders drops hop-by-hop, Connection-listed, credential and reserved headers', () => {
  const kept = forwardedHeaders(
    {
      host: 'gw.example',
      'content-length': '12',
      connection: 'keep-alive, X-Hop',
      'x-hop': '1',
      'keep-alive': 'timeout=5',
      'transfer-encoding': 'chunked',
      te: 'trailers',
      upgrade: 'h2c',
      'x-api-key': 'the-credential',
      authorization: 'Bearer other',
      'x-hub-signature-256': 'sha256=abc',
      'webhook-id': 'msg_upstream',
      'x-hookgate-event-id': 'spoofed',
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/1',
      missing: undefined,
    },
    ['X-Api-Key'],
  );
  assert.deepEqual(kept, {
    authorization: 'Bearer other',
    'x-hub-signature-256': 'sha256=abc',
    'user-agent': 'GitHub-Hookshot/1',
  });
  assert.equal(forwardedHeaders({ authorization: 'Bearer t' }, ['authorization']).authorization, undefined);
});

test('forwardRequestHeaders: custom headers win over inbound ones, never over what hookgate sets', () => {
  const headers = forwardRequestHeaders({
    inbound: { 'x-a': 'inbound', 'x-b': 'inbound' },
    custom: { 'X-B': 'custom', 'Content-Type': 'text/evil', 'webhook-id': 'evil' },
    contentType: 'application/x-www-form-urlencoded',
    connectionId: 'con_1',
    eventId: 'evt_1',
    signature: { 'webhook-id': 'evt_1', 'webhook-timestamp': '1', 'webhook-signature': 'v1,x' },
  });
  assert.deepEqual(headers, {
    'x-a': 'inbound',
    'x-b': 'custom',
    'content-type': 'application/x-www-form-urlencoded',
    'x-hookgate-connection-id': 'con_1',
    'x-hookgate-event-id': 'evt_1',
    'webhook-id': 'evt_1',
    'webhook-timestamp': '1',
    'webhook-signature': 'v1,x',
  });
});

test('decideForwardState: 2xx delivered; 408/429/5xx/network retried; other 4xx final; Retry-After a lower bound', () => {
  const now = 1_000_000;
  const base = { madeInCycle: 1, schedule: [0, 60, 60], now, random: () => 0.5 };
  const response = (status: number, retryAfter: string | null = null) =>
    ({ kind: 'response', status, retryAfter, bodyPreview: '', latencyMs: 1 }) as const;
  assert.equal(decideForwardState({ ...base, result: response(204) }).state, 'delivered');
  for (const status of [400, 401, 404, 410, 422]) {
    const next = decideForwardState({ ...base, result: response(status) });
    assert.deepEqual([next.state, next.dueAt, next.lastStatus], ['failed', null, status]);
  }
  for (const status of [408, 429, 500, 503, 302]) {
    const next = decideForwardState({ ...base, result: response(status) });
    assert.deepEqual([next.state, next.dueAt], ['pending', now + 60_000], String(status));
  }
  const network = { kind: 'error', error: 'connection refused', requestSent: false, latencyMs: 0 } as const;
  assert.equal(decideForwardState({ ...base, result: network }).state, 'pending');
  assert.equal(decideForwardState({ ...base, result: response(429, '120') }).dueAt, now + 120_000);
  assert.equal(
    decideForwardState({ ...base, result: response(503, '5') }).dueAt,
    now + 60_000,
    'lower bound',
  );
  assert.equal(
    decideForwardState({ ...base, result: response(503, '99999') }).dueAt,
    now + 3_600_000,
    'capped',
  );
  assert.equal(decideForwardState({ ...base, madeInCycle: 3, result: response(503) }).state, 'dead');
});

test('credentialBearingHeaders: the presented secret is never forwarded, signatures are', () => {
  const header = (mode: string, config: Record<string, unknown> = {}) => {
    const scheme = findScheme(mode);
    assert.ok(scheme, mode);
    return credentialBearingHeaders(scheme, { mode, ...config });
  };
  assert.deepEqual(header('shared_secret', { header: 'x-webhook-secret' }), ['x-webhook-secret']);
  assert.deepEqual(header('api_key', { header: 'x-api-key' }), ['x-api-key']);
  assert.deepEqual(header('okta'), ['authorization']);
  assert.deepEqual(header('stripe'), []);
  assert.deepEqual(header('github'), []);
  assert.deepEqual(header('hmac', { header: 'x-signature' }), []);
});
