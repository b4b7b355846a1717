/**
 * PostgreSQL `text` cannot hold U+0000 (SQLite can). Text that comes from a webhook sender — the body
 * preview, the message, the idempotency key, the content type, the contact id — must never make a
 * write fail, so the store replaces U+0000 with U+FFFD in those fields, identically on both dialects.
 * (Headers are stored as JSON, which escapes U+0000, so they round-trip unchanged.)
 */

/** `text` with every U+0000 replaced by U+FFFD. */
export function withoutNul(text: string): string {
  return text.replaceAll('\u0000', '\ufffd');
}

/** `withoutNul` for a nullable column. */
export function withoutNulOrNull(text: string | null): string | null {
  return text === null ? null : withoutNul(text);
}
