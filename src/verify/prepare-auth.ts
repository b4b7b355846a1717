import type { z } from 'zod';
import { credentialField, findScheme, SCHEME_IDS } from './registry.ts';
import type { CredentialStorage } from './scheme.ts';

/** The credential to store for a connection, from the user or generated. */
export interface PreparedCredential {
  readonly value: string;
  readonly storage: CredentialStorage;
  /** True when hookgate generated it: show it once in the response. */
  readonly generated: boolean;
}

/** The outcome of {@link prepareAuth}. `config` is JSON-safe and never contains the credential. */
export type PreparedAuth =
  | {
      readonly ok: true;
      readonly mode: string;
      readonly config: Readonly<Record<string, unknown>>;
      /** Null only with `generate: false` when the input gave no credential (keep the stored one). */
      readonly credential: PreparedCredential | null;
    }
  | { readonly ok: false; readonly message: string };

/** Options of {@link prepareAuth}. */
export interface PrepareAuthOptions {
  /** Generate a credential when none is given (create, rotate). False for a PATCH that keeps the secret. */
  readonly generate?: boolean;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const path = ['auth', ...issue.path.map(String)].join('.');
      return `${path}: ${issue.message}`;
    })
    .join('; ');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates the `auth` object of an admin request (create, patch, rotate) and splits it into the public
 * config and the credential: the scheme's zod schema checks the fields, `validateSecret` the credential
 * (`auth.secret`, or `auth.publicKey` for public-key schemes), and a credential is generated when the
 * scheme can and none was given. Messages name the offending field and never echo the credential.
 */
export function prepareAuth(input: unknown, options: PrepareAuthOptions = {}): PreparedAuth {
  if (!isRecord(input)) return { ok: false, message: 'auth: must be an object with a "mode"' };
  const mode = input.mode;
  const scheme = findScheme(mode);
  if (typeof mode !== 'string' || scheme === undefined) {
    const shown = typeof mode === 'string' ? `unknown mode "${mode.slice(0, 64)}"` : 'is required';
    return { ok: false, message: `auth.mode: ${shown}; expected one of ${SCHEME_IDS.join(', ')}` };
  }
  const field = credentialField(scheme);
  const { [field]: given, ...fields } = input;
  if (given !== undefined && typeof given !== 'string') {
    return { ok: false, message: `auth.${field}: must be a string` };
  }
  const parsed = scheme.config.safeParse(fields);
  if (!parsed.success) return { ok: false, message: describeIssues(parsed.error.issues) };
  const config = JSON.parse(JSON.stringify(parsed.data)) as Record<string, unknown>;
  if (given === '')
    return { ok: false, message: `auth.${field}: must not be empty (omit it to generate one)` };
  if (given !== undefined) {
    const problem = scheme.validateSecret?.(given, parsed.data) ?? null;
    if (problem !== null) return { ok: false, message: `auth.${field}: ${problem}` };
    return {
      ok: true,
      mode,
      config,
      credential: { value: given, storage: scheme.storage, generated: false },
    };
  }
  if (options.generate === false) return { ok: true, mode, config, credential: null };
  if (scheme.generateSecret === undefined) {
    return { ok: false, message: `auth.${field}: is required for mode ${mode}` };
  }
  const value = scheme.generateSecret(parsed.data);
  return { ok: true, mode, config, credential: { value, storage: scheme.storage, generated: true } };
}
