import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MASTER_KEY_BYTES, parseMasterKey } from './master-key.ts';

/** File name of the embedded-mode master key inside the data directory. */
export const MASTER_KEY_FILE = 'master.key';

/** The master key read from or written to the data directory. */
export interface LoadedMasterKey {
  readonly key: Buffer;
  /** True when the file did not exist and a new key was generated (the caller logs a warning). */
  readonly created: boolean;
  /** Absolute or data-dir-relative path of the key file. */
  readonly path: string;
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

async function readKeyFile(path: string): Promise<Buffer> {
  const text = await readFile(path, 'utf8');
  // Tighten permissions left loose by hand edits or copies; the key must stay private to the service user.
  const mode = (await stat(path)).mode & 0o777;
  if (mode !== 0o600 && process.platform !== 'win32') await chmod(path, 0o600).catch(() => undefined);
  return parseMasterKey(text, path);
}

/**
 * Embedded mode: reads `<dataDir>/master.key` (base64, 32 bytes), or creates it with a fresh random key
 * (file mode 0600, data directory created with mode 0700 if needed). Safe against two processes starting
 * at once: the key is written to a temporary file and hard-linked into place (which fails if the file
 * appeared meanwhile), so no reader ever sees a half-written file and the loser reads the winner's key.
 * @throws MasterKeyError when the file exists but does not hold a valid key.
 */
export async function loadOrCreateMasterKey(dataDir: string): Promise<LoadedMasterKey> {
  const path = join(dataDir, MASTER_KEY_FILE);
  try {
    return { key: await readKeyFile(path), created: false, path };
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(MASTER_KEY_BYTES);
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, path);
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return { key: await readKeyFile(path), created: false, path };
    throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  return { key, created: true, path };
}
