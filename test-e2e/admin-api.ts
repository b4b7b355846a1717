import type { Page } from 'playwright-core';
import type { RunningGateway } from './gateway.ts';

/** One admin API call from the test itself (to set up state or to check what the UI saved). */
export async function adminCall<T>(
  gateway: RunningGateway,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: T }> {
  const response = await fetch(`${gateway.url}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${gateway.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json().catch(() => null)) as T };
}

/** Opens `path` and signs in with the admin token; the page then shows `heading`. */
export async function signIn(
  page: Page,
  gateway: RunningGateway,
  path: string,
  heading: string,
): Promise<void> {
  await page.goto(`${gateway.url}${path}`);
  await page.getByLabel('Admin token').fill(gateway.token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: heading }).waitFor();
}

/** True when `secret` appears anywhere in the page's markup. */
export function inPage(page: Page, secret: string): Promise<boolean> {
  return page.evaluate((value) => document.documentElement.outerHTML.includes(value), secret);
}
