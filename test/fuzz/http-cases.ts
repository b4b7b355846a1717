import { gzipSync } from 'node:zlib';
import fc from 'fast-check';

/**
 * Raw HTTP/1.1 requests for fuzzing the gateway over a socket: a case is one to three requests written
 * back to back on one connection (pipelining), then a FIN. Each request may carry one defect; Node's
 * parser stops at the first defective request, so a case ends there. The model says, independently of
 * the gateway, which requests name the lane's connection: each of those must leave exactly one history row.
 */

/** What is wrong with a request (or `none`). Every defect but `none` makes the request malformed. */
export const DEFECTS = [
  'none',
  'space-in-header-name',
  'nul-in-header-value',
  'header-without-colon',
  'length-and-chunked',
  'conflicting-lengths',
  'bad-chunk-size',
  'chunked-cut-short',
  'length-longer-than-body',
  'huge-header',
  'lower-case-method',
  'control-char-in-target',
] as const;
export type Defect = (typeof DEFECTS)[number];

/** Where a request goes: the lane's connection (in some spelling), or somewhere else. */
export type Target =
  | {
      readonly kind: 'own';
      readonly encoded: readonly boolean[];
      readonly upperHex: boolean;
      readonly suffix: string;
    }
  | { readonly kind: 'other'; readonly path: string; readonly admin: boolean };

export interface RequestSpec {
  readonly method: 'POST' | 'GET' | 'HEAD' | 'PUT' | 'DELETE';
  readonly target: Target;
  readonly auth: 'right' | 'wrong' | 'missing' | 'twice';
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Uint8Array;
  readonly framing: 'length' | 'chunked';
  readonly chunkSizes: readonly number[];
  readonly defect: Defect;
}

export interface HttpCase {
  readonly requests: readonly RequestSpec[];
}

/** What a case is sent to: the lane's connection and its credential, and the admin token. */
export interface CaseContext {
  readonly connectionId: string;
  readonly secret: string;
  readonly adminToken: string;
  /** The lane connection's `maxBodyBytes`. */
  readonly maxBodyBytes: number;
  /**
   * Prefixed to idempotency keys: keys repeat within a case (a duplicate), never across cases, so a case
   * means the same whatever ran before it (fast-check replays cases while shrinking).
   */
  readonly keyPrefix: string;
}

/** Suffixes after the connection id: the ones the router treats as the same resource come first. */
const ROUTED_SUFFIXES = ['', '?', '?a=1', '?x=%00&y=%ff'];
const UNROUTED_SUFFIXES = ['/', '%00', '/extra', '%2F', '%', '%zz', '..', ';a'];

const pathJunk = fc.oneof(
  fc.constantFrom('%00', '%ff', '%', '%zz', '%2e%2e%2f', '..', '//', '%c0%af', '%e2%80%ae', '\u00e9', '*'),
  fc.string({ unit: fc.constantFrom(...'abc_-%0f./~'.split('')), maxLength: 20 }),
  fc.constant('a'.repeat(300)),
);

const otherPath = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(
        '/api/v1/events/',
        '/api/v1/connections/',
        '/api/v1/history/',
        '/api/v1/history?connectionId=',
        '/api/v1/contacts?email=',
        '/api/v1/messages?type=',
        '/webhooks/in/',
        '/webhooks/in/con_',
        '/',
      ),
      pathJunk,
    )
    .map(([base, junk]) => base + junk),
  fc.constantFrom('/healthz', '/readyz', '/nope', '/webhooks/in', '/WEBHOOKS/in/x'),
);

const target: fc.Arbitrary<Target> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('own' as const),
      encoded: fc.oneof(
        { weight: 3, arbitrary: fc.constant([] as boolean[]) },
        fc.array(fc.boolean(), { minLength: 36, maxLength: 36 }),
      ),
      upperHex: fc.boolean(),
      suffix: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...ROUTED_SUFFIXES) },
        fc.constantFrom(...UNROUTED_SUFFIXES),
      ),
    }),
  },
  fc.record({ kind: fc.constant('other' as const), path: otherPath, admin: fc.boolean() }),
);

const headerValue = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 64 }),
  fc.constantFrom('caf\u00e9', 'a\tb', '', ' padded ', '{"json":true}', 'application/json; charset=latin1'),
);

/** Ordinary headers; none of them changes framing or the connection (Connection, Expect, Upgrade…). */
const header = fc.tuple(
  fc.constantFrom(
    'x-fuzz',
    'user-agent',
    'accept',
    'x-request-id',
    'x-idempotency-key',
    'content-type',
    'content-encoding',
    'x-forwarded-for',
    'X-Mixed-Case',
    'authorization',
  ),
  headerValue,
);

const jsonBody = fc.jsonValue({ maxDepth: 3 }).map((value) => Buffer.from(JSON.stringify(value)));
const body: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 3, arbitrary: jsonBody },
  fc.constant(new Uint8Array(0)),
  fc.uint8Array({ maxLength: 200 }),
  fc.constantFrom(
    Buffer.from('{"a":"\\u0000"}'),
    Buffer.from('{"a":"\u0000"}'),
    Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    Buffer.from('a=1&b=%00&c'),
    gzipSync('{"gzipped":true}'),
    Buffer.alloc(1100, 0x20),
  ),
);

const request: fc.Arbitrary<RequestSpec> = fc.record({
  method: fc.oneof(
    { weight: 6, arbitrary: fc.constant('POST' as const) },
    fc.constantFrom('GET' as const, 'HEAD' as const, 'PUT' as const, 'DELETE' as const),
  ),
  target,
  auth: fc.constantFrom('right', 'right', 'wrong', 'missing', 'twice'),
  headers: fc.array(header, { maxLength: 6 }),
  body,
  framing: fc.constantFrom('length', 'length', 'chunked'),
  chunkSizes: fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 4 }),
  defect: fc.oneof({ weight: 12, arbitrary: fc.constant('none' as const) }, fc.constantFrom(...DEFECTS)),
});

/** One fuzz case: up to three pipelined requests, cut after the first one that is defective. */
export const httpCase: fc.Arbitrary<HttpCase> = fc
  .array(request, { minLength: 1, maxLength: 3 })
  .map((requests) => ({ requests: requests.slice(0, requestsParsed(requests)) }));

/** How many leading requests the server reads: up to and including the first malformed one. */
function requestsParsed(requests: readonly RequestSpec[]): number {
  const firstDefective = requests.findIndex((r) => r.defect !== 'none' || hasInvalidTarget(r));
  return firstDefective === -1 ? requests.length : firstDefective + 1;
}

/** A request target with a byte outside visible ASCII is malformed (Node's parser refuses it). */
function hasInvalidTarget(spec: RequestSpec): boolean {
  return spec.target.kind === 'other' && /[^\x21-\x7e]/.test(spec.target.path);
}

/** The request target as written on the request line. */
function targetText(spec: RequestSpec, context: CaseContext): string {
  if (spec.target.kind === 'other') return spec.target.path;
  const { encoded, upperHex, suffix } = spec.target;
  const id = [...context.connectionId]
    .map((char, i) => {
      if (!encoded[i]) return char;
      const hex = char.charCodeAt(0).toString(16).padStart(2, '0');
      return `%${upperHex ? hex.toUpperCase() : hex}`;
    })
    .join('');
  const line = `/webhooks/in/${id}${suffix}`;
  return spec.defect === 'control-char-in-target' ? `${line}\u0001` : line;
}

/** Whether the request names the lane's connection as the router sees it (it gets exactly one row). */
export function namesConnection(spec: RequestSpec): boolean {
  return (
    (spec.method === 'POST' || spec.method === 'GET' || spec.method === 'HEAD') &&
    spec.target.kind === 'own' &&
    ROUTED_SUFFIXES.includes(spec.target.suffix) &&
    spec.defect !== 'lower-case-method' &&
    spec.defect !== 'control-char-in-target'
  );
}

/** Whether the gateway answers this request and closes (413 on the lane's connection): nothing after it is read. */
function closesConnection(spec: RequestSpec, context: CaseContext): boolean {
  return namesConnection(spec) && spec.body.length > context.maxBodyBytes;
}

/**
 * The history rows a case must leave on the lane's connection: one per request that names it, among the
 * requests the server acts on — up to the first answer that closed the connection (`answeredBeforeClose`,
 * as observed: e.g. a framework's body-parse error closes), since requests pipelined behind a closing
 * answer are not acted on.
 */
export function expectedRows(httpCase: HttpCase, context: CaseContext, answeredBeforeClose: number): number {
  let rows = 0;
  for (const spec of httpCase.requests.slice(0, answeredBeforeClose)) {
    if (namesConnection(spec)) rows += 1;
    if (closesConnection(spec, context)) break;
  }
  return rows;
}

/** The bytes of a case, as written to the socket. */
export function renderCase(httpCase: HttpCase, context: CaseContext): Buffer {
  return Buffer.concat(httpCase.requests.map((spec) => renderRequest(spec, context)));
}

function renderRequest(spec: RequestSpec, context: CaseContext): Buffer {
  const method = spec.defect === 'lower-case-method' ? spec.method.toLowerCase() : spec.method;
  const lines = [`${method} ${targetText(spec, context)} HTTP/1.1`, 'Host: gateway'];
  if (spec.target.kind === 'other' && spec.target.admin)
    lines.push(`Authorization: Bearer ${context.adminToken}`);
  if (spec.target.kind === 'own') {
    if (spec.auth === 'right') lines.push(`x-webhook-secret: ${context.secret}`);
    if (spec.auth === 'wrong') {
      const last = context.secret.endsWith('x') ? 'y' : 'x';
      lines.push(`x-webhook-secret: ${context.secret.slice(0, -1)}${last}`);
    }
    if (spec.auth === 'twice')
      lines.push(`x-webhook-secret: ${context.secret}`, `X-Webhook-Secret: ${context.secret}`);
  }
  for (const [name, value] of spec.headers) {
    lines.push(`${name}: ${name === 'x-idempotency-key' ? context.keyPrefix : ''}${value}`);
  }
  const defectLine = DEFECT_HEADERS[spec.defect];
  if (defectLine !== undefined) lines.push(defectLine);
  const chunked =
    spec.framing === 'chunked' ||
    spec.defect === 'bad-chunk-size' ||
    spec.defect === 'chunked-cut-short' ||
    spec.defect === 'length-and-chunked';
  const payload = chunked ? chunkedBody(spec) : Buffer.from(spec.body);
  if (chunked) lines.push('Transfer-Encoding: chunked');
  if (!chunked || spec.defect === 'length-and-chunked') {
    const declared = spec.defect === 'length-longer-than-body' ? spec.body.length + 10 : spec.body.length;
    lines.push(`Content-Length: ${declared}`);
    if (spec.defect === 'conflicting-lengths') lines.push(`Content-Length: ${declared + 1}`);
  }
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload]);
}

/** Header lines that make a request malformed (in its head). */
const DEFECT_HEADERS: Partial<Record<Defect, string>> = {
  'space-in-header-name': 'x bad: 1',
  'nul-in-header-value': 'x-nul: a\u0000b',
  'header-without-colon': 'no-colon-here',
  'huge-header': `x-huge: ${'h'.repeat(20_000)}`,
};

function chunkedBody(spec: RequestSpec): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  let i = 0;
  while (offset < spec.body.length) {
    const size = spec.chunkSizes[i % spec.chunkSizes.length] ?? 1;
    const chunk = spec.body.subarray(offset, offset + size);
    parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), Buffer.from(chunk), Buffer.from('\r\n'));
    offset += size;
    i += 1;
  }
  if (spec.defect === 'bad-chunk-size') parts.push(Buffer.from('zz\r\nbroken\r\n'));
  if (spec.defect !== 'chunked-cut-short') parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}
