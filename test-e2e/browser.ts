import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { ROOT } from './gateway.ts';

export const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');

/** Flags that keep Debian's chromium headless, sandbox-free and off the network. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Saves `test-output/screenshots/<name>.png`: the viewport, or the whole page with `fullPage`. */
  screenshot(name: string, options?: { readonly fullPage?: boolean }): Promise<void>;
  close(): Promise<void>;
}

/** The chromium binary the tests drive. */
export const CHROMIUM = process.env.HOOKGATE_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Why the browser suite cannot run here, or undefined when it can. Outside CI a machine without chromium
 * skips the suite (install it: `apt-get install chromium`); with CI=true a missing browser fails it.
 */
export function browserUnavailable(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const reason = `chromium not found at ${CHROMIUM} (apt-get install chromium, or set HOOKGATE_CHROMIUM)`;
  if (process.env.CI === 'true') throw new Error(`CI=true: ${reason}`);
  return reason;
}

/** Launches /usr/bin/chromium with a fresh profile (Playwright passes it as --user-data-dir). */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'hookgate-chromium-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 800 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    context,
    async screenshot(name, options = {}) {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: options.fullPage === true });
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
