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

/** Formats rows as an aligned text table. */
export function table(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  const cells = rows.map((row) => columns.map((c) => cellText(row[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.toUpperCase())), ...cells.map(line)].join('\n');
}

/** Key: value lines for one object. */
export function details(object: Record<string, unknown>): string {
  const width = Math.max(...Object.keys(object).map((k) => k.length));
  return Object.entries(object)
    .map(([k, v]) => `${k.padEnd(width)}  ${cellText(v)}`)
    .join('\n');
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
