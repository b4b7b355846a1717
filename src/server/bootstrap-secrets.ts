import { hashAdminToken } from '../api/admin-auth.ts';
import type { Config } from '../config/config.ts';
import type { Logger } from '../observability/logger.ts';
import { generateAdminToken, loadOrCreateMasterKey, parseMasterKey } from '../secrets/index.ts';
import type { Store } from '../store/types.ts';

const ADMIN_TOKEN_SETTING = 'admin_token_sha256';

/**
 * The master key: HOOKGATE_MASTER_KEY when given (required with PostgreSQL); in embedded mode a key
 * generated once into `<dataDir>/master.key`, with a warning to back it up.
 */
export async function resolveMasterKey(
  config: Config,
  logger: Logger,
): Promise<{ current: Buffer; previous: Buffer[] }> {
  const previous = config.previousMasterKeys.map((k) => parseMasterKey(k));
  if (config.masterKey) return { current: parseMasterKey(config.masterKey), previous };
  if (config.databaseUrl) {
    throw new Error(
      'HOOKGATE_MASTER_KEY is required with PostgreSQL (base64 of 32 random bytes: openssl rand -base64 32)',
    );
  }
  const { key, created } = await loadOrCreateMasterKey(config.dataDir);
  if (created) {
    logger.warn(
      { dataDir: config.dataDir },
      'generated a master key into the data dir (master.key); back it up, or set HOOKGATE_MASTER_KEY — without it stored secrets cannot be decrypted',
    );
  }
  return { current: key, previous };
}

/**
 * The admin token's hash. HOOKGATE_ADMIN_TOKEN wins when set. Otherwise the first start generates a token,
 * stores only its SHA-256 and prints the token once through `print`; later starts never print it again.
 * Instances starting together on an empty database race on one unique row: only the winner prints.
 */
export async function resolveAdminTokenHash(
  config: Config,
  store: Store,
  print: (text: string) => void,
): Promise<string> {
  if (config.adminToken) return hashAdminToken(config.adminToken);
  const stored = await store.getSetting(ADMIN_TOKEN_SETTING);
  if (stored) return stored;
  const token = generateAdminToken();
  const hash = hashAdminToken(token);
  const kept = await store.claimSetting(ADMIN_TOKEN_SETTING, hash);
  if (kept !== hash) return kept;
  print(
    [
      '',
      '  hookgate admin token (shown once — store it now; it is never printed again):',
      '',
      `    ${token}`,
      '',
      '  Use it as: Authorization: Bearer <token>   (or HOOKGATE_ADMIN_TOKEN for the CLI)',
      '',
    ].join('\n'),
  );
  return hash;
}
