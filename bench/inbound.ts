// npm run bench: inbound load against (a) a bare node:http server, (b) hookgate hmac, (c) hookgate
// shared_secret, 1 KB JSON body, loopback only; then a fixed 1k req/s run for p99. Prints one table.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { type LoadResult, runLoad } from './run-load.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const body = JSON.stringify({ type: 'order.updated', data: { id: 42, note: 'x'.repeat(960) } }).slice(
  0,
  1024,
);

async function startChild(script: string): Promise<{ child: ChildProcess; info: Record<string, unknown> }> {
  const child = spawn(process.execPath, [...process.execArgv, new URL(script, import.meta.url).pathname], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await once(lines, 'line')) as [string];
  return { child, info: JSON.parse(line) as Record<string, unknown> };
}

async function stop(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  await once(child, 'exit');
}

const rows: { scenario: string; result: LoadResult }[] = [];
const bare = await startChild('./bare-server.ts');
rows.push({
  scenario: '(a) bare node:http 202',
  result: await runLoad({
    url: `${bare.info.url}/`,
    headers: { 'content-type': 'application/json' },
    body,
    seconds: SECONDS,
    connections: CONNECTIONS,
  }),
});
await stop(bare.child);

const gateway = await startChild('./gateway-server.ts');
const { url, hmac, shared } = gateway.info as {
  url: string;
  hmac: { id: string; secret: string };
  shared: { id: string; secret: string };
};
const hmacHeaders = {
  'content-type': 'application/json',
  'x-signature': createHmac('sha256', hmac.secret).update(body).digest('hex'),
};
const sharedHeaders = { 'content-type': 'application/json', 'x-webhook-secret': shared.secret };
rows.push({
  scenario: '(b) hookgate hmac',
  result: await runLoad({
    url: `${url}/webhooks/in/${hmac.id}`,
    headers: hmacHeaders,
    body,
    seconds: SECONDS,
    connections: CONNECTIONS,
  }),
});
rows.push({
  scenario: '(c) hookgate shared_secret',
  result: await runLoad({
    url: `${url}/webhooks/in/${shared.id}`,
    headers: sharedHeaders,
    body,
    seconds: SECONDS,
    connections: CONNECTIONS,
  }),
});
rows.push({
  scenario: '(b) hmac @ 1k req/s',
  result: await runLoad({
    url: `${url}/webhooks/in/${hmac.id}`,
    headers: hmacHeaders,
    body,
    seconds: SECONDS,
    connections: 20,
    rate: 1000,
  }),
});
await stop(gateway.child);

const baseline = rows[0]?.result.requestsPerSecond ?? 1;
const hmacRate = rows[1]?.result.requestsPerSecond ?? 1;
console.log(
  `\nInbound benchmark: ${SECONDS}s per run, ${CONNECTIONS} connections, ${Buffer.byteLength(body)} B JSON body\n`,
);
console.table(
  rows.map(({ scenario, result }) => ({
    scenario,
    'req/s': Math.round(result.requestsPerSecond),
    'p50 ms': result.p50,
    'p99 ms': result.p99,
    'vs (a)': `${((result.requestsPerSecond / baseline) * 100).toFixed(0)} %`,
    'non-2xx': result.non2xx,
    errors: result.errors,
  })),
);
const sharedRate = rows[2]?.result.requestsPerSecond ?? 0;
console.log(
  `goals: (b) >= 50 % of (a): ${((hmacRate / baseline) * 100).toFixed(0)} %; (c) >= 80 % of (b): ${((sharedRate / hmacRate) * 100).toFixed(0)} %; p99 at 1k req/s <= 20 ms: ${rows[3]?.result.p99} ms`,
);
