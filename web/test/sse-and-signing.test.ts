import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { historyRowFromData } from '../src/api/history-stream.ts';
import { SseParser } from '../src/api/sse.ts';
import { buildPartnerRequest } from '../src/lib/test-request.ts';

describe('SseParser', () => {
  it('joins events split across chunks and skips comments', () => {
    const parser = new SseParser();
    expect(parser.push(': keep-alive\n\nevent: history\ndata: {"a"')).toEqual([]);
    expect(parser.push(':1}\r\n\r\ndata: x\ndata: y\n\n')).toEqual([
      { event: 'history', data: '{"a":1}' },
      { event: 'message', data: 'x\ny' },
    ]);
  });

  it('accepts a bare or wrapped history row and ignores other data', () => {
    const row = { id: 'h1', connectionId: 'c1', outcome: 'ACCEPTED' };
    expect(historyRowFromData(JSON.stringify(row))?.id).toBe('h1');
    expect(historyRowFromData(JSON.stringify({ row }))?.id).toBe('h1');
    expect(historyRowFromData('{"type":"ping"}')).toBeNull();
    expect(historyRowFromData('not json')).toBeNull();
  });
});

describe('test requests', () => {
  const secret = 'k'.repeat(64);

  it('signs hmac the way a partner would (header, prefix, encoding, algorithm)', async () => {
    const auth = {
      mode: 'hmac',
      header: 'x-sig',
      prefix: 'sha512=',
      encoding: 'base64',
      algorithm: 'sha512',
    };
    const request = await buildPartnerRequest(auth, secret);
    const expected = createHmac('sha512', secret).update(request.body).digest('base64');
    expect(request.headers['x-sig']).toBe(`sha512=${expected}`);
  });

  it('puts the body hash in the configured field over the body without it', async () => {
    const request = await buildPartnerRequest({ mode: 'body_hash', field: 'sig' }, secret);
    const { sig, ...rest } = JSON.parse(request.body) as Record<string, unknown>;
    expect(sig).toBe(createHmac('sha256', secret).update(JSON.stringify(rest)).digest('hex'));
  });

  it('sends shared secrets and api keys in their headers', async () => {
    expect((await buildPartnerRequest({ mode: 'shared_secret' }, secret)).headers['x-webhook-secret']).toBe(
      secret,
    );
    expect((await buildPartnerRequest({ mode: 'api_key', header: 'X-Key' }, secret)).headers['X-Key']).toBe(
      secret,
    );
  });
});
