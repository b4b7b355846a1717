import type { HistoryRow } from '../api/types.ts';

function timeOf(row: HistoryRow): number {
  const time = new Date(row.receivedAt).getTime();
  return Number.isNaN(time) ? 0 : time;
}

/** Union of two row lists by id, newest first (the incoming copy of a row wins). */
export function mergeRows(existing: readonly HistoryRow[], incoming: readonly HistoryRow[]): HistoryRow[] {
  const byId = new Map<string, HistoryRow>();
  for (const row of existing) byId.set(row.id, row);
  for (const row of incoming) byId.set(row.id, row);
  return [...byId.values()].sort((a, b) => timeOf(b) - timeOf(a));
}

/** Appends an older page below the rows already shown, skipping any already there. */
export function appendPage(existing: readonly HistoryRow[], older: readonly HistoryRow[]): HistoryRow[] {
  const seen = new Set(existing.map((row) => row.id));
  return [...existing, ...older.filter((row) => !seen.has(row.id))];
}
