import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readHistoryStream } from '../src/api/history-stream.ts';
import type { HistoryRow } from '../src/api/types.ts';
import { buildPartnerRequest } from '../src/lib/test-request.ts';

/** A streamed response whose body arrives in these chunks. */
function chunked(...chunks: string[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

describe('readHistoryStream', () => {
  it('joins events split across chunks, skips comments and other events, and passes each id on', async () => {
    const rows: [string, string | undefined][] = [];
    await readHistoryStream(
      chunked(
        ': keep-alive\n\nid: h1\nevent: history\ndata: {"id":"h1","outcome"',
        ':"ACCEPTED"}\r\n\r\nevent: gap\ndata: {"message":"m"}\n\ndata: x\ndata: y\n\n',
        'id: h2\nevent: history\ndata: {"id":"h2","outcome":"DUPLICATE"}\n\n',
      ),
      (row: HistoryRow, id) => rows.push([`${row.id} ${row.outcome}`, id]),
    );
    expect(rows).toEqual([
      ['h1 ACCEPTED', 'h1'],
      ['h2 DUPLICATE', 'h2'],
    ]);
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
