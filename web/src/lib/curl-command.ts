/** The shell variable the copied command reads the connection's secret from; the secret is never in it. */
export const SECRET_PLACEHOLDER = '$HOOKGATE_SECRET';
/** The shell variable for a signature header: a signature must be computed again for a new request. */
export const SIGNATURE_PLACEHOLDER = '$HOOKGATE_SIGNATURE';

/** Modes whose credential header carries the secret itself (the others carry a signature derived from it). */
const SECRET_IN_HEADER = new Set(['shared_secret', 'api_key']);

/** Headers curl sets itself, or that describe the hop rather than the request. */
const LEFT_OUT = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'accept-encoding']);

export interface CurlInput {
  /** The connection's inbound URL. */
  readonly url: string;
  /** The request headers as history keeps them (credential and signature values read `[redacted]`). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The connection's auth settings, when known: `header` names its credential header. */
  readonly auth?: { readonly mode: string; readonly [key: string]: unknown } | undefined;
}

/** `value` as one single-quoted shell word. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** The connection's credential header (lower case), if its auth settings name one. */
function credentialHeader(auth: CurlInput['auth']): string | null {
  const header = auth?.header;
  return typeof header === 'string' && header !== '' ? header.toLowerCase() : null;
}

/**
 * A `curl` command that sends the request again. The connection's credential header, and every header
 * history kept only as `[redacted]`, get a shell variable instead of a value, whatever value they hold:
 * the command cannot carry a secret even if one reached it.
 */
export function curlCommand({ url, headers, body, auth }: CurlInput): string {
  const credential = credentialHeader(auth);
  const secretMode = auth !== undefined && SECRET_IN_HEADER.has(auth.mode);
  const lines = [`curl -X POST ${shellQuote(url)}`];
  for (const [rawName, value] of Object.entries(headers)) {
    const name = rawName.toLowerCase();
    if (LEFT_OUT.has(name)) continue;
    if (name === credential || value === '[redacted]') {
      const placeholder = name === credential && secretMode ? SECRET_PLACEHOLDER : SIGNATURE_PLACEHOLDER;
      // Double quotes so the shell expands the variable.
      lines.push(`-H "${name}: ${placeholder}"`);
    } else {
      lines.push(`-H ${shellQuote(`${name}: ${value}`)}`);
    }
  }
  if (credential !== null && !(credential in headers) && secretMode) {
    lines.push(`-H "${credential}: ${SECRET_PLACEHOLDER}"`);
  }
  lines.push(`--data-binary ${shellQuote(body)}`);
  return lines.join(' \\\n  ');
}
