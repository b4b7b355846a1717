import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { generateEndpointCredential, standardWebhooksKey } from '../../delivery/index.ts';

/** The name of the file holding the local signing secret, inside the state folder. */
const SECRET_FILE = 'listen-secret';

/**
 * `hookgate listen`'s state folder: `$XDG_STATE_HOME/hookgate`, else `~/.local/state/hookgate` (the XDG
 * default), as the XDG Base Directory specification places state that should survive restarts.
 */
export function stateFolder(env: Readonly<Record<string, string | undefined>>): string {
  const base = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(base, 'hookgate');
}

/** Writes `text` to `path` atomically (temp file, then rename), readable by the owner only. */
function writePrivate(path: string, text: string): void {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  renameSync(temporary, path);
  chmodSync(path, 0o600);
}

/** The text of `path`, or undefined when it does not exist. */
function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The local signing secret and whether it was generated (or set by `--secret`) by this run. */
export interface LocalSecret {
  readonly secret: string;
  readonly created: boolean;
}

/**
 * The secret `listen` signs with, like `stripe listen`'s: generated once (`whsec_` + base64 of 32 random
 * bytes) and kept in the state folder; `given` (`--secret`) replaces the kept one. Throws for a `given`
 * value that is not a Standard Webhooks secret.
 */
export function localSecret(folder: string, given: string | undefined): LocalSecret {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const path = join(folder, SECRET_FILE);
  if (given !== undefined) {
    if (standardWebhooksKey(given) === null) {
      throw new Error('--secret must be whsec_ followed by the base64 of a 24–64 byte key');
    }
    writePrivate(path, `${given}\n`);
    return { secret: given, created: true };
  }
  const kept = readIfPresent(path)?.trim();
  if (kept && standardWebhooksKey(kept) !== null) return { secret: kept, created: false };
  const secret = generateEndpointCredential('standard_webhooks');
  writePrivate(path, `${secret}\n`);
  return { secret, created: true };
}

/** Where `listen` remembers the last event it handed over, for one gateway and connection filter. */
export interface Checkpoint {
  readonly path: string;
  /** The last event handed over successfully, or null. */
  load(): string | null;
  save(eventId: string): void;
  clear(): void;
}

/** The checkpoint file of (gateway URL, connection filter): the same filter in any order is the same file. */
export function checkpointFor(
  folder: string,
  gatewayUrl: string,
  connectionIds: readonly string[],
): Checkpoint {
  const connections = [...new Set(connectionIds)].sort();
  const key = createHash('sha256')
    .update(JSON.stringify([gatewayUrl, connections]))
    .digest('hex')
    .slice(0, 24);
  const path = join(folder, `listen-${key}.json`);
  return {
    path,
    load() {
      const text = readIfPresent(path);
      if (text === undefined) return null;
      try {
        const parsed = JSON.parse(text) as { lastEventId?: unknown };
        return typeof parsed.lastEventId === 'string' ? parsed.lastEventId : null;
      } catch {
        return null;
      }
    },
    save(eventId) {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      writePrivate(path, `${JSON.stringify({ gatewayUrl, connections, lastEventId: eventId })}\n`);
    },
    clear() {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      writePrivate(path, `${JSON.stringify({ gatewayUrl, connections, lastEventId: null })}\n`);
    },
  };
}
