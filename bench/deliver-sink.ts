// The receiving end of bench/deliver.ts, in its own process: answers 204 at once and records, per event,
// the delay between the publish call (envelope data.publishedAt, epoch ms with sub-ms precision) and the
// moment the request was received. Prints its URL, then answers a "report" message with the delays.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const delays: number[] = [];
const seen = new Set<string>();
let duplicates = 0;
const now = (): number => performance.timeOrigin + performance.now();

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const received = now();
    const envelope = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      id: string;
      data: { publishedAt: number };
    };
    if (seen.has(envelope.id)) duplicates += 1;
    seen.add(envelope.id);
    delays.push(received - envelope.data.publishedAt);
    res.writeHead(204).end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(
    `${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` })}\n`,
  );
});

process.on('message', (message: unknown) => {
  if (message === 'report') {
    process.send?.({ delays: delays.splice(0), duplicates, distinct: seen.size, at: now() });
  }
});
process.on('disconnect', () => server.close());
