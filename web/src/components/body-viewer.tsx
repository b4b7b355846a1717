import { useState } from 'react';
import { prettyBody } from '../lib/format.ts';

interface BodyViewerProps {
  /** The body as text (invalid UTF-8 replaced). */
  readonly text: string;
  /** The exact bytes, for the download; the text's UTF-8 when absent (a preview). */
  readonly bytes?: Uint8Array;
  readonly contentType?: string | null;
  /** The downloaded file's name without extension, e.g. the event id. */
  readonly fileName: string;
}

/** Saves `bytes` as a file through a temporary object URL (no server round trip, nothing left behind). */
function download(bytes: Uint8Array, type: string, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  URL.revokeObjectURL(url);
}

/** A request body: pretty JSON (when it is JSON) or raw text, and a download of the bytes. */
export function BodyViewer({ text, bytes, contentType, fileName }: BodyViewerProps) {
  const pretty = prettyBody(text);
  const [view, setView] = useState<'pretty' | 'raw'>(pretty.json ? 'pretty' : 'raw');
  const shown = view === 'pretty' && pretty.json ? pretty.text : text;
  const type = contentType ?? (pretty.json ? 'application/json' : 'text/plain');

  return (
    <div className="body-viewer">
      <div className="body-tools">
        <fieldset className="segmented">
          <legend className="visually-hidden">Body view</legend>
          <button
            type="button"
            className="secondary small"
            aria-pressed={view === 'pretty'}
            disabled={!pretty.json}
            title={pretty.json ? undefined : 'The body is not JSON'}
            onClick={() => setView('pretty')}
          >
            Pretty
          </button>
          <button
            type="button"
            className="secondary small"
            aria-pressed={view === 'raw'}
            onClick={() => setView('raw')}
          >
            Raw
          </button>
        </fieldset>
        <button
          type="button"
          className="secondary small"
          onClick={() =>
            download(
              bytes ?? new TextEncoder().encode(text),
              type,
              `${fileName}${pretty.json ? '.json' : '.txt'}`,
            )
          }
        >
          Download
        </button>
      </div>
      <pre className="body-preview" data-testid="body-preview">
        {shown}
      </pre>
    </div>
  );
}
