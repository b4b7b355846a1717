import { SseParser } from './sse.ts';
import type { HistoryRow } from './types.ts';

function isHistoryRow(value: unknown): value is HistoryRow {
  if (typeof value !== 'object' || value === null) return false;
  const row = value as Record<string, unknown>;
  return (
    typeof row.id === 'string' && typeof row.outcome === 'string' && typeof row.connectionId === 'string'
  );
}

/** Accepts a bare history row or one wrapped as `{ row }`, `{ item }` or `{ history }`. */
export function historyRowFromData(data: string): HistoryRow | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return null;
  }
  if (isHistoryRow(parsed)) return parsed;
  if (typeof parsed === 'object' && parsed !== null) {
    const wrapper = parsed as Record<string, unknown>;
    for (const key of ['row', 'item', 'history']) {
      if (isHistoryRow(wrapper[key])) return wrapper[key];
    }
  }
  return null;
}

/** Reads an SSE response body chunk by chunk, calling `onRow` for each history row it carries. */
export async function readHistoryStream(response: Response, onRow: (row: HistoryRow) => void): Promise<void> {
  if (!response.body) return;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const event of parser.push(decoder.decode(value, { stream: true }))) {
        const row = historyRowFromData(event.data);
        if (row) onRow(row);
      }
    }
  } finally {
    reader.releaseLock();
  }
}
