import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { retryScheduleEnvSchema } from '../delivery/index.ts';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** One trusted proxy: an IPv4/IPv6 address or a CIDR range (`10.0.0.0/8`, `fd00::/8`). */
const proxyAddress = z
  .string()
  .refine((entry) => (entry.includes('/') ? ipaddr.isValidCIDR(entry) : ipaddr.isValid(entry)), {
    error: (issue) => `${JSON.stringify(issue.input)} is not an IP address or CIDR range`,
  });

/** `HOOKGATE_TRUSTED_PROXIES`: a comma-separated list of addresses and CIDR ranges. */
const trustedProxiesFromEnv = z
  .string()
  .transform((list) =>
    list
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .pipe(z.array(proxyAddress));

/** The environment variables hookgate reads; documented in README.md ("Configuration"). */
export const configSchema = z.object({
  HOOKGATE_PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOOKGATE_HOST: z.string().min(1).default('0.0.0.0'),
  HOOKGATE_DATA_DIR: z.string().min(1).default('./data'),
  HOOKGATE_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL (unset for embedded SQLite)')
    .optional(),
  HOOKGATE_MASTER_KEY: z.string().optional(),
  HOOKGATE_MASTER_KEY_PREVIOUS: z.string().optional(),
  HOOKGATE_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  HOOKGATE_RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
  HOOKGATE_IDEMPOTENCY_RETENTION_DAYS: z.coerce.number().int().min(7).default(7),
  HOOKGATE_MAX_BODY_BYTES: z.coerce.number().int().min(1).default(102400),
  HOOKGATE_PUBLIC_URL: z.url().optional(),
  HOOKGATE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOOKGATE_ALLOW_PRIVATE_DESTINATIONS: booleanFromEnv.default(false),
  HOOKGATE_RETRY_SCHEDULE: retryScheduleEnvSchema.optional(),
  HOOKGATE_ROTATION_REMINDER_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  HOOKGATE_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  HOOKGATE_TRUSTED_PROXIES: trustedProxiesFromEnv.optional(),
  HOOKGATE_LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
  HOOKGATE_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1).default(30_000),
  HOOKGATE_BODY_MIN_BYTES_PER_SECOND: z.coerce.number().int().min(0).default(1024),
  HOOKGATE_BODY_GRACE_MS: z.coerce.number().int().min(0).default(5000),
  HOOKGATE_REFUSALS_PER_MINUTE: z.coerce.number().int().min(0).default(60),
  HOOKGATE_REFUSAL_BURST: z.coerce.number().int().min(1).default(30),
  HOOKGATE_TLS_CERT: z.string().optional(),
  HOOKGATE_TLS_KEY: z.string().optional(),
  HOOKGATE_INSECURE_TRANSPORT: z.enum(['warn', 'reject', 'allow']).default('warn'),
  HOOKGATE_LEASE_MS: z.coerce.number().int().min(1000).default(15_000),
});

/** The certificate chain and private key hookgate serves HTTPS with (PEM). */
export interface TlsFiles {
  readonly cert: Buffer;
  readonly key: Buffer;
}

/** What happens to a header credential that arrived over plain HTTP (`HOOKGATE_INSECURE_TRANSPORT`). */
export type InsecureTransportPolicy = 'warn' | 'reject' | 'allow';

/** Parsed configuration, passed down from start-up; nothing else reads `process.env`. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly masterKey: string | undefined;
  readonly previousMasterKeys: readonly string[];
  readonly adminToken: string | undefined;
  readonly retentionDays: number;
  readonly idempotencyRetentionDays: number;
  readonly maxBodyBytes: number;
  readonly publicUrl: string | undefined;
  readonly logLevel: string;
  readonly allowPrivateDestinations: boolean;
  /** Outbound retry delays in seconds (`HOOKGATE_RETRY_SCHEDULE`); unset = the Standard Webhooks schedule. */
  readonly retrySchedule: readonly number[] | undefined;
  /** Days after a secret was created that its rotation is due (`HOOKGATE_ROTATION_REMINDER_DAYS`). */
  readonly rotationReminderDays: number;
  /** How long a stop may drain requests, streams and deliveries before closing what is left. */
  readonly shutdownTimeoutMs: number;
  /**
   * Lease length of outbound deliveries and forwards (`HOOKGATE_LEASE_MS`): a live worker renews its leases,
   * a crashed instance's work is taken over by another (or after a restart) within about this long.
   */
  readonly leaseMs: number;
  /** Peers whose `X-Forwarded-*` headers are believed (addresses or CIDR ranges); empty = nobody's. */
  readonly trustedProxies: readonly string[];
  /** Log line format; unset = readable when stdout is a terminal, JSON otherwise. */
  readonly logFormat: 'pretty' | 'json' | undefined;
  /** The whole request (headers and body) must arrive within this (`HOOKGATE_REQUEST_TIMEOUT_MS`). */
  readonly requestTimeoutMs: number;
  /** After `bodyGraceMs`, a body slower than this is refused with 408 (0 = no minimum). */
  readonly minBodyBytesPerSecond: number;
  readonly bodyGraceMs: number;
  /** Refused inbound requests allowed per connection and per source address (0 per minute = no limit). */
  readonly refusalBudget: { readonly perMinute: number; readonly burst: number };
  /** Serve HTTPS with these (`HOOKGATE_TLS_CERT` / `HOOKGATE_TLS_KEY`); undefined = plain HTTP. */
  readonly tls: TlsFiles | undefined;
  /** What a header credential sent over plain HTTP gets: a history warning, a 403, or nothing. */
  readonly insecureTransport: InsecureTransportPolicy;
}

/** The outcome of reading the environment: a config, or the list of problems. */
export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

/** Parses the environment once at start-up. Empty strings count as unset. */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): ConfigResult {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  }
  const e = parsed.data;
  const tls = readTlsFiles(e.HOOKGATE_TLS_CERT, e.HOOKGATE_TLS_KEY);
  if (!tls.ok) return { ok: false, errors: tls.errors };
  return {
    ok: true,
    config: {
      port: e.HOOKGATE_PORT,
      host: e.HOOKGATE_HOST,
      dataDir: e.HOOKGATE_DATA_DIR,
      databaseUrl: e.HOOKGATE_DATABASE_URL,
      masterKey: e.HOOKGATE_MASTER_KEY,
      previousMasterKeys: (e.HOOKGATE_MASTER_KEY_PREVIOUS ?? '')
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
      adminToken: e.HOOKGATE_ADMIN_TOKEN,
      retentionDays: e.HOOKGATE_RETENTION_DAYS,
      idempotencyRetentionDays: e.HOOKGATE_IDEMPOTENCY_RETENTION_DAYS,
      maxBodyBytes: e.HOOKGATE_MAX_BODY_BYTES,
      publicUrl: e.HOOKGATE_PUBLIC_URL,
      logLevel: e.HOOKGATE_LOG_LEVEL,
      allowPrivateDestinations: e.HOOKGATE_ALLOW_PRIVATE_DESTINATIONS,
      retrySchedule: e.HOOKGATE_RETRY_SCHEDULE,
      rotationReminderDays: e.HOOKGATE_ROTATION_REMINDER_DAYS,
      shutdownTimeoutMs: e.HOOKGATE_SHUTDOWN_TIMEOUT_MS,
      leaseMs: e.HOOKGATE_LEASE_MS,
      trustedProxies: e.HOOKGATE_TRUSTED_PROXIES ?? [],
      logFormat: e.HOOKGATE_LOG_FORMAT,
      requestTimeoutMs: e.HOOKGATE_REQUEST_TIMEOUT_MS,
      minBodyBytesPerSecond: e.HOOKGATE_BODY_MIN_BYTES_PER_SECOND,
      bodyGraceMs: e.HOOKGATE_BODY_GRACE_MS,
      refusalBudget: { perMinute: e.HOOKGATE_REFUSALS_PER_MINUTE, burst: e.HOOKGATE_REFUSAL_BURST },
      tls: tls.files,
      insecureTransport: e.HOOKGATE_INSECURE_TRANSPORT,
    },
  };
}

/**
 * Reads the TLS certificate and key once at start-up: both or neither, each readable, and the key must
 * belong to the certificate (checked here, so a wrong pair is a start-up error naming the variables
 * rather than a failure inside the listener).
 */
function readTlsFiles(
  certPath: string | undefined,
  keyPath: string | undefined,
): { ok: true; files: TlsFiles | undefined } | { ok: false; errors: string[] } {
  if (certPath === undefined && keyPath === undefined) return { ok: true, files: undefined };
  if (certPath === undefined || keyPath === undefined) {
    const missing = certPath === undefined ? 'HOOKGATE_TLS_CERT' : 'HOOKGATE_TLS_KEY';
    return {
      ok: false,
      errors: [`${missing}: is required when the other of HOOKGATE_TLS_CERT / HOOKGATE_TLS_KEY is set`],
    };
  }
  const errors: string[] = [];
  const read = (variable: string, path: string): Buffer | undefined => {
    try {
      return readFileSync(path);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      errors.push(`${variable}: cannot read ${path} (${reason})`);
      return undefined;
    }
  };
  const cert = read('HOOKGATE_TLS_CERT', certPath);
  const key = read('HOOKGATE_TLS_KEY', keyPath);
  if (cert === undefined || key === undefined) return { ok: false, errors };
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    // OpenSSL's reason ("key values mismatch", "no start line") names the problem, never the key material.
    const reason = error instanceof Error ? error.message : 'invalid';
    return {
      ok: false,
      errors: [
        `HOOKGATE_TLS_CERT / HOOKGATE_TLS_KEY: ${certPath} and ${keyPath} are not a usable PEM certificate and key (${reason})`,
      ],
    };
  }
  return { ok: true, files: { cert, key } };
}
