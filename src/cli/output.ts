/** Where CLI output goes; injected so tests can read it. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

/** stdout / stderr. */
export const processOutput: Output = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** The line that tells how to ask for the next page, or nothing on the last page. */
export function nextPageHint(cursor: string | null): string {
  return cursor ? `\nnext: --cursor ${cursor}` : '';
}

/** The line that shows a generated secret once, or nothing when there is none. */
export function secretNote(secret: string | undefined): string {
  return secret ? `\nSecret (shown once, store it now): ${secret}` : '';
}

/** A column name as a table header: `receivedAt` → `RECEIVED AT`. */
export function headerOf(column: string): string {
  return column.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toUpperCase();
}

/** Formats rows as an aligned text table; `empty` (e.g. "No connections.") when there are none. */
export function table(rows: readonly object[], columns: readonly string[], empty: string): string {
  if (rows.length === 0) return empty;
  const cells = rows.map((row) => columns.map((c) => cellText((row as Record<string, unknown>)[c])));
  const headers = columns.map(headerOf);
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), ...cells.map(line)].join('\n');
}

/** Key: value lines for one object. */
export function details(object: object): string {
  const entries = Object.entries(object);
  const width = Math.max(...entries.map(([k]) => k.length));
  return entries.map(([k, v]) => `${k.padEnd(width)}  ${cellText(v)}`).join('\n');
}

/** The `Example:` section a command's `--help` ends with. */
export function examples(...lines: string[]): string {
  return `\nExample${lines.length > 1 ? 's' : ''}:\n${lines.map((line) => `  $ ${line}`).join('\n')}`;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
