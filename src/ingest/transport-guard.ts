import type { FastifyRequest } from 'fastify';
import ipaddr from 'ipaddr.js';
import type { InsecureTransportPolicy } from '../config/index.ts';
import { FAILURES } from '../errors/index.ts';
import type { Scheme } from '../verify/internal.ts';

/** The warning (history) and refusal message (403) of a header credential that came over plain HTTP. */
export const INSECURE_TRANSPORT_MESSAGE = FAILURES.insecureTransport().message;

/** What the guard does with one request: nothing, or a history warning, or a refusal. */
export type TransportVerdict = 'ok' | 'warn' | 'reject';

/**
 * True when the request could not have been read on its way to hookgate: it came over TLS (the socket's
 * own, or a trusted proxy's `X-Forwarded-Proto: https`), or straight from this machine (local development).
 * `protocol` and `ip` are Fastify's, which believe `X-Forwarded-*` only from HOOKGATE_TRUSTED_PROXIES; so a
 * request relayed by a trusted proxy is judged by the proxy's protocol and the client's address.
 */
export function isSecureTransport(request: Pick<FastifyRequest, 'protocol' | 'ip'>): boolean {
  return request.protocol === 'https' || isLoopback(request.ip);
}

/** True for 127.0.0.0/8, ::1 and their IPv4-mapped IPv6 forms. */
export function isLoopback(address: string): boolean {
  return ipaddr.isValid(address) && ipaddr.process(address).range() === 'loopback';
}

/**
 * The guard's verdict for one request. Decided first from the connection's scheme (only schemes whose
 * secret travels in a header are guarded), so signed modes never look at the transport at all.
 */
export function transportVerdict(
  policy: InsecureTransportPolicy,
  scheme: Pick<Scheme, 'secretInHeader'> | undefined,
  secureTransport: () => boolean,
): TransportVerdict {
  if (policy === 'allow' || scheme?.secretInHeader !== true || secureTransport()) return 'ok';
  return policy;
}
