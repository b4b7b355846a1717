import { HISTORY_OUTCOMES, type HistoryOutcome, type HistoryQuery } from '../api/types.ts';

/**
 * What a history view shows, as its URL says: `?connectionId=&outcome=&since=&until=&q=&row=`. The URL is
 * the only state, so a filtered view (and an open request) can be bookmarked, shared, reloaded, and
 * walked through with back / forward.
 */
export interface HistoryFilters {
  /** Global history only: one connection's requests ('' = all). */
  readonly connectionId: string;
  readonly outcome: HistoryOutcome | '';
  /** ISO times, as the API takes them ('' = open). */
  readonly since: string;
  readonly until: string;
  /** Search text (the API's word-prefix search). */
  readonly q: string;
  /** The history row open in the inspector ('' = none). */
  readonly row: string;
}

const KEYS = ['connectionId', 'outcome', 'since', 'until', 'q', 'row'] as const;

/** An ISO time, or '' for anything that is not a date (a hand-edited URL). */
function isoOrEmpty(value: string | null): string {
  if (!value) return '';
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? '' : new Date(ms).toISOString();
}

/** The filters a query string names; unknown outcomes and unreadable dates are dropped. */
export function readHistoryFilters(search: string): HistoryFilters {
  const params = new URLSearchParams(search);
  const outcome = params.get('outcome');
  return {
    connectionId: params.get('connectionId') ?? '',
    outcome: HISTORY_OUTCOMES.find((known) => known === outcome) ?? '',
    since: isoOrEmpty(params.get('since')),
    until: isoOrEmpty(params.get('until')),
    q: params.get('q') ?? '',
    row: params.get('row') ?? '',
  };
}

/**
 * `search` with the history keys replaced by `filters` (empty ones removed); other keys are kept.
 * Returns '' or `?…`.
 */
export function writeHistoryFilters(search: string, filters: HistoryFilters): string {
  const params = new URLSearchParams(search);
  for (const key of KEYS) {
    if (filters[key]) params.set(key, filters[key]);
    else params.delete(key);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The list query of the filters (the open row is not a filter); `connectionId` pins one connection. */
export function historyQuery(filters: HistoryFilters, connectionId: string | undefined): HistoryQuery {
  const connection = connectionId ?? filters.connectionId;
  return {
    ...(connection && { connectionId: connection }),
    ...(filters.outcome && { outcome: filters.outcome }),
    ...(filters.since && { since: filters.since }),
    ...(filters.until && { until: filters.until }),
    ...(filters.q.trim() && { q: filters.q.trim() }),
  };
}

/** True when a filter beyond connection and outcome is set (the live tail cannot apply those). */
export function narrowsBeyondLive(filters: HistoryFilters): boolean {
  return filters.until !== '' || filters.q.trim() !== '';
}

/** An ISO time as a `datetime-local` value in the viewer's time zone (minutes), '' for ''. */
export function toLocalInput(iso: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/** A `datetime-local` value (the viewer's time zone) as an ISO time, '' for '' or an unreadable one. */
export function fromLocalInput(value: string): string {
  if (!value) return '';
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? '' : new Date(ms).toISOString();
}
