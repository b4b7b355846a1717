/** An ISO timestamp as the API sends it, as local date and time with seconds. */
export function formatTime(value: string | undefined | null): string {
  if (value === undefined || value === null) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** A byte count as B / KB / MB. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The body preview pretty-printed when it is JSON, as received otherwise. */
export function prettyBody(preview: string): { text: string; json: boolean } {
  const trimmed = preview.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return { text: JSON.stringify(JSON.parse(trimmed), null, 2), json: true };
    } catch {
      // A truncated or invalid JSON preview is shown as is.
    }
  }
  return { text: preview, json: false };
}

/** Human names of the history outcomes. */
const OUTCOME_LABELS: Record<string, string> = {
  ACCEPTED: 'Accepted',
  DUPLICATE: 'Duplicate',
  SAMPLE_CAPTURED: 'Sample captured',
  UNAUTHORIZED: 'Unauthorized',
  INVALID_JSON: 'Invalid JSON',
  PAYLOAD_TOO_LARGE: 'Payload too large',
  IDENTIFIER_NOT_FOUND: 'Identifier not found',
  TRIGGER_NOT_FOUND: 'Trigger not found',
  ERROR: 'Error',
};

export function outcomeLabel(outcome: string): string {
  return OUTCOME_LABELS[outcome] ?? outcome;
}

/** `good` for stored events, `warn` for duplicates and samples, `bad` for rejections. */
export function outcomeTone(outcome: string): 'good' | 'warn' | 'bad' {
  if (outcome === 'ACCEPTED') return 'good';
  if (outcome === 'DUPLICATE' || outcome === 'SAMPLE_CAPTURED') return 'warn';
  return 'bad';
}

/** A field name for people: `publicKey` → `Public key`, `max_age` → `Max age`. */
export function humanize(name: string): string {
  const spaced = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1).toLowerCase();
}
