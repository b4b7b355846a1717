// The backend of bench/forward.ts, in its own process (so the load generator's event loop does not slow
// its answers): answers 204 at once and notes, per webhook-id, when the forward arrived (epoch ms with
// sub-ms precision). Prints its URL, then answers a "report" message with the arrivals. BENCH_SINK_DELAY_MS
// (default 0) makes it answer that much later, as a backend doing real work would (arrival is noted first).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const arrivals: [string, number][] = [];
const seen = new Set<string>();
let duplicates = 0;
const now = (): number => performance.timeOrigin + performance.now();
const delayMs = Number(process.env.BENCH_SINK_DELAY_MS ?? 0);

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const id = String(req.headers['webhook-id']);
    if (seen.has(id)) duplicates += 1;
    else arrivals.push([id, now()]);
    seen.add(id);
    if (delayMs > 0) setTimeout(() => res.writeHead(204).end(), delayMs);
    else res.writeHead(204).end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(
    `${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` })}\n`,
  );
});

process.on('message', (message: unknown) => {
  if (message === 'reset') {
    arrivals.length = 0;
    seen.clear();
    duplicates = 0;
  }
  if (message === 'report') process.send?.({ arrivals, duplicates });
});
process.on('disconnect', () => server.close());
