import { type FormEvent, useEffect, useId, useState } from 'react';
import { HISTORY_OUTCOMES, type HistoryOutcome } from '../api/types.ts';
import { outcomeLabel } from '../lib/format.ts';
import { fromLocalInput, type HistoryFilters, toLocalInput } from '../lib/history-filters.ts';
import { ConnectionOptions } from './connection-options.tsx';
import { FilterSelect } from './list-controls.tsx';

interface HistoryFilterBarProps {
  readonly filters: HistoryFilters;
  /** Connections to choose from (global history); the connection filter is hidden without them. */
  readonly connections?: readonly { readonly id: string; readonly name: string }[];
  /** Applies a change of filters (the panel writes it to the URL). */
  readonly onChange: (change: Partial<HistoryFilters>) => void;
}

/**
 * The filters of a history view: connection and outcome apply when chosen, the time window when a date is
 * complete, the search text when submitted (Enter or "Search").
 */
export function HistoryFilterBar({ filters, connections, onChange }: HistoryFilterBarProps) {
  const ids = { connection: useId(), since: useId(), until: useId(), q: useId() };
  const [text, setText] = useState(filters.q);
  // Back / forward or a link changes the URL's search text: the box follows it.
  useEffect(() => setText(filters.q), [filters.q]);

  function search(event: FormEvent) {
    event.preventDefault();
    onChange({ q: text.trim() });
  }

  const filtered = Boolean(
    filters.connectionId || filters.outcome || filters.since || filters.until || filters.q,
  );

  return (
    <form className="history-filters" onSubmit={search} aria-label="Filter history">
      {connections && (
        <div className="field field-inline">
          <label htmlFor={ids.connection}>Connection</label>
          <select
            id={ids.connection}
            value={filters.connectionId}
            onChange={(e) => onChange({ connectionId: e.target.value })}
          >
            <option value="">All connections</option>
            <ConnectionOptions connections={connections} selected={filters.connectionId} />
          </select>
        </div>
      )}
      <FilterSelect<HistoryOutcome>
        label="Outcome"
        allLabel="All outcomes"
        value={filters.outcome}
        values={HISTORY_OUTCOMES}
        optionLabel={outcomeLabel}
        onChange={(outcome) => onChange({ outcome })}
      />
      <div className="field field-inline">
        <label htmlFor={ids.since}>From</label>
        <input
          id={ids.since}
          type="datetime-local"
          value={toLocalInput(filters.since)}
          onChange={(e) => onChange({ since: fromLocalInput(e.target.value) })}
        />
      </div>
      <div className="field field-inline">
        <label htmlFor={ids.until}>To</label>
        <input
          id={ids.until}
          type="datetime-local"
          value={toLocalInput(filters.until)}
          onChange={(e) => onChange({ until: fromLocalInput(e.target.value) })}
        />
      </div>
      <div className="field field-inline history-search">
        <label htmlFor={ids.q}>Search</label>
        <input
          id={ids.q}
          type="search"
          value={text}
          placeholder="ids, message, headers, body"
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="secondary">
          Search
        </button>
      </div>
      {filtered && (
        <button
          type="button"
          className="link-button"
          onClick={() => onChange({ connectionId: '', outcome: '', since: '', until: '', q: '' })}
        >
          Clear filters
        </button>
      )}
    </form>
  );
}
