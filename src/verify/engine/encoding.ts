/**
 * Byte encodings used by signature headers and keys. Decoders are strict about the alphabet and return null
 * on anything malformed, so a wrongly encoded signature is simply a non-match.
 */

/** How signature or key bytes are written as text. */
export type TextEncoding = 'hex' | 'base64' | 'utf8';

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/**
 * Decodes hex (either case); null when malformed. Node stops decoding at the first non-hex pair, so a full-length
 * result proves every character was hex (cheaper than a regex on the hot path).
 */
export function decodeHex(text: string): Buffer | null {
  const bytes = Buffer.from(text, 'hex');
  return bytes.length * 2 === text.length ? bytes : null;
}

/** Decodes standard or URL-safe base64, padded or not; null when malformed. */
export function decodeBase64(text: string): Buffer | null {
  if (!BASE64.test(text) || text.length % 4 === 1) return null;
  return Buffer.from(text, 'base64');
}

/** Decodes text in the given encoding; null when malformed. */
export function decodeText(text: string, encoding: TextEncoding): Buffer | null {
  switch (encoding) {
    case 'hex':
      return decodeHex(text);
    case 'base64':
      return decodeBase64(text);
    case 'utf8':
      return Buffer.from(text, 'utf8');
  }
}

/** Encodes bytes in the given encoding (lower-case hex, padded standard base64). */
export function encodeBytes(bytes: Uint8Array, encoding: TextEncoding): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(encoding);
}
