// The gateway under benchmark: embedded SQLite in a temp dir, or with BENCH_DATABASE_URL a fresh
// PostgreSQL database (created here, dropped at the end); two connections (hmac, shared_secret).
// Prints { url, hmac: { id, secret }, shared: { id, secret } } on stdout once ready.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { parseConfig } from '../src/config/config.ts';
import { createLogger } from '../src/observability/logger.ts';
import { startGateway } from '../src/server/start-gateway.ts';
import { handlePgErrors } from '../src/store/index.ts';

const token = 'bench-admin-token-0123456789abcdef';
const dataDir = mkdtempSync(join(tmpdir(), 'hookgate-bench-'));
const adminUrl = process.env.BENCH_DATABASE_URL;
const database = `hookgate_bench_${process.pid}`;

/** Runs one statement on BENCH_DATABASE_URL (create / drop the bench database). */
async function onServer(statement: string): Promise<void> {
  // A failed query rejects; the 'error' event it also emits must not end the process.
  const client = handlePgErrors(new pg.Client({ connectionString: adminUrl }), () => {});
  await client.connect();
  await client.query(statement).finally(() => client.end());
}

if (adminUrl) await onServer(`create database ${database}`);
const databaseUrl = adminUrl ? Object.assign(new URL(adminUrl), { pathname: `/${database}` }).href : '';
const parsed = parseConfig({
  HOOKGATE_PORT: '0',
  HOOKGATE_HOST: '127.0.0.1',
  HOOKGATE_DATA_DIR: dataDir,
  ...(adminUrl && {
    HOOKGATE_DATABASE_URL: databaseUrl,
    HOOKGATE_MASTER_KEY: randomBytes(32).toString('base64'),
  }),
  HOOKGATE_ADMIN_TOKEN: token,
  HOOKGATE_LOG_LEVEL: 'warn',
});
if (!parsed.ok) throw new Error(parsed.errors.join('; '));
const gateway = await startGateway(parsed.config, { logger: createLogger('warn', process.stderr) });

async function create(auth: Record<string, unknown>): Promise<{ id: string; secret: string }> {
  const response = await fetch(`${gateway.url}/api/v1/connections`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: `bench ${String(auth.mode)}`, auth }),
  });
  const body = (await response.json()) as { connection: { id: string }; secret: string };
  return { id: body.connection.id, secret: body.secret };
}

const hmac = await create({ mode: 'hmac', header: 'X-Signature', encoding: 'hex', algorithm: 'sha256' });
const shared = await create({ mode: 'shared_secret' });
process.stdout.write(`${JSON.stringify({ url: gateway.url, hmac, shared })}\n`);
process.on('SIGTERM', () => {
  gateway
    .close()
    .then(() => (adminUrl ? onServer(`drop database ${database}`) : undefined))
    .finally(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
});
