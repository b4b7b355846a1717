/**
 * Reads a value until `done(value)` holds or `attempts` reads were made, `intervalMs` apart, and returns
 * the last value read: for work a background thread or worker finishes (the test asserts on the result).
 */
export async function pollUntil<T>(
  read: () => T | Promise<T>,
  done: (value: T) => boolean,
  { attempts = 500, intervalMs = 10 }: { attempts?: number; intervalMs?: number } = {},
): Promise<T> {
  let value = await read();
  for (let tries = 1; tries < attempts && !done(value); tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    value = await read();
  }
  return value;
}
