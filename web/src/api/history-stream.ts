import { createParser } from 'eventsource-parser';
import type { ForwardChange, HistoryRow } from './types.ts';

/**
 * Reads the history stream's body as it arrives (eventsource-parser), calling `onRow` with each
 * `event: history` row and its id (the `Last-Event-ID` to resume after), and `onForward` with each
 * `event: forward` (a forward's new state); other events are skipped.
 */
export async function readHistoryStream(
  response: Response,
  onRow: (row: HistoryRow, id: string | undefined) => void,
  onForward?: (change: ForwardChange) => void,
): Promise<void> {
  if (!response.body) return;
  const parser = createParser({
    onEvent: (event) => {
      if (event.event === 'history') onRow(JSON.parse(event.data) as HistoryRow, event.id);
      else if (event.event === 'forward') onForward?.(JSON.parse(event.data) as ForwardChange);
    },
  });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
    }
  } finally {
    reader.releaseLock();
  }
}
