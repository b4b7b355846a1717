import { findScheme, type Scheme } from '../verify/internal.ts';

/**
 * A connection's auth configuration as the gateway uses it, parsed once when its row is read: the scheme
 * of its mode (looked up here, not on every request) and the public fields that scheme verifies with.
 */
export interface ConnectionAuth {
  /**
   * The scheme of the connection's mode; null when this version does not know the mode (a row written by
   * a newer version, a scheme since removed): its requests are then refused as an unknown auth mode, and
   * its fields are still shown and kept as stored.
   */
  readonly scheme: Scheme | null;
  /** The `auth` object without its credential, as stored: safe to return from the API. */
  readonly config: Readonly<Record<string, unknown>>;
}

/**
 * The auth of a connection in `mode` with the public fields `config` (as `prepareAuth` produced them). The
 * fields are not validated again: they are the scheme's own output when written, and refusing a row that an
 * other version wrote would turn a version skew into an outage.
 */
export function connectionAuth(mode: string, config: Readonly<Record<string, unknown>>): ConnectionAuth {
  return { scheme: findScheme(mode) ?? null, config };
}
