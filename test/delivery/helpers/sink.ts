import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a sink received. */
export interface SinkRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The exact bytes received. */
  readonly raw: Buffer;
  /** The client's port: one per connection. */
  readonly remotePort: number;
}

/** How a sink answers: a response, never (`hang`, until the sink closes), or by dropping the socket. */
export type SinkAnswer =
  | { readonly status: number; readonly headers?: Record<string, string>; readonly body?: string }
  | 'hang'
  | 'destroy';

/** A local HTTP server on 127.0.0.1 that records what it receives. */
export interface Sink {
  readonly url: string;
  readonly port: number;
  readonly requests: SinkRequest[];
  /** Event ids processed once each (a receiver that dedupes on `X-Hookgate-Event-Id`). */
  readonly processed: Map<string, number>;
  /** Resolves with the next request received. */
  next(): Promise<SinkRequest>;
  close(): Promise<void>;
}

/** Starts a sink on `port` (default any); `answer` decides each response (default 200 `ok`). */
export async function startSink(
  answer: (request: SinkRequest, index: number) => SinkAnswer = () => ({ status: 200, body: 'ok' }),
  port = 0,
): Promise<Sink> {
  const requests: SinkRequest[] = [];
  const processed = new Map<string, number>();
  const waiting: ((request: SinkRequest) => void)[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        raw: Buffer.concat(chunks),
        remotePort: req.socket.remotePort ?? 0,
      };
      const index = requests.push(request) - 1;
      const eventId = req.headers['x-hookgate-event-id'];
      if (typeof eventId === 'string') processed.set(eventId, (processed.get(eventId) ?? 0) + 1);
      waiting.shift()?.(request);
      const reply = answer(request, index);
      if (reply === 'hang') hanging.add(res);
      else if (reply === 'destroy') req.socket.destroy();
      else res.writeHead(reply.status, reply.headers ?? {}).end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}/hook`,
    port: bound,
    requests,
    processed,
    next: () => new Promise((resolve) => waiting.push(resolve)),
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
