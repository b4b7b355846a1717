import type { ConnectionAuth } from '../api/types.ts';

/** Modes whose test request the browser can sign with the secret it was just shown. */
export const TESTABLE_MODES: readonly string[] = ['shared_secret', 'api_key', 'hmac', 'body_hash'];

export interface PartnerRequest {
  readonly headers: Record<string, string>;
  readonly body: string;
}

const HASHES: Record<string, string> = { sha1: 'SHA-1', sha256: 'SHA-256', sha512: 'SHA-512' };

function text(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

async function hmac(algorithm: string, secret: string, body: string): Promise<Uint8Array> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error('This browser cannot sign here (Web Crypto needs HTTPS or localhost).');
  const encoder = new TextEncoder();
  const hash = HASHES[algorithm] ?? 'SHA-256';
  const key = await subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash }, false, ['sign']);
  return new Uint8Array(await subtle.sign('HMAC', key, encoder.encode(body)));
}

/** The sample event every test request carries. */
export function samplePayload(now = new Date()): Record<string, unknown> {
  return {
    event: 'hookgate.test',
    sentAt: now.toISOString(),
    data: { message: 'Test request sent from the hookgate dashboard' },
  };
}

/** Builds the request a partner would send for this connection, signed with `secret`. */
export async function buildPartnerRequest(auth: ConnectionAuth, secret: string): Promise<PartnerRequest> {
  const payload = samplePayload();
  const json = { 'content-type': 'application/json' };
  switch (auth.mode) {
    case 'shared_secret':
      return {
        headers: { ...json, [text(auth.header, 'x-webhook-secret')]: secret },
        body: JSON.stringify(payload),
      };
    case 'api_key':
      return {
        headers: { ...json, [text(auth.header, 'x-api-key')]: secret },
        body: JSON.stringify(payload),
      };
    case 'hmac': {
      const body = JSON.stringify(payload);
      const digest = await hmac(text(auth.algorithm, 'sha256'), secret, body);
      const encoded = auth.encoding === 'base64' ? toBase64(digest) : toHex(digest);
      return {
        headers: { ...json, [text(auth.header, 'x-signature')]: `${text(auth.prefix, '')}${encoded}` },
        body,
      };
    }
    case 'body_hash': {
      const signature = toHex(await hmac('sha256', secret, JSON.stringify(payload)));
      return { headers: json, body: JSON.stringify({ ...payload, [text(auth.field, 'hash')]: signature }) };
    }
    default:
      throw new Error(`Test requests are not available for the ${auth.mode} mode yet.`);
  }
}
