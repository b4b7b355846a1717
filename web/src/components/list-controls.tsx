import { useId } from 'react';

interface FilterSelectProps<T extends string> {
  readonly label: string;
  /** The first option, which shows everything ("All runs"). */
  readonly allLabel: string;
  readonly value: T | '';
  readonly values: readonly T[];
  readonly optionLabel: (value: T) => string;
  /** The chosen value, or '' for all. */
  readonly onChange: (value: T | '') => void;
}

/** The inline select above a list that narrows it to one status, state or outcome. */
export function FilterSelect<T extends string>({
  label,
  allLabel,
  value,
  values,
  optionLabel,
  onChange,
}: FilterSelectProps<T>) {
  const id = useId();
  return (
    <div className="field field-inline">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as T | '')}>
        <option value="">{allLabel}</option>
        {values.map((option) => (
          <option key={option} value={option}>
            {optionLabel(option)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The "Refresh" button at the end of a list toolbar; `label` names what it refreshes. */
export function RefreshButton({ label, onClick }: { readonly label: string; readonly onClick: () => void }) {
  return (
    <button type="button" className="secondary toolbar-end" onClick={onClick} aria-label={label}>
      Refresh
    </button>
  );
}

interface LoadMoreProps {
  readonly onClick: () => void;
  /** Given when the list reports its next page loading: the button is then disabled and says so. */
  readonly loading?: boolean;
}

/** The "Load more" button under a paged list. */
export function LoadMore({ onClick, loading }: LoadMoreProps) {
  return (
    <div className="actions">
      <button type="button" className="secondary" onClick={onClick} disabled={loading}>
        {loading ? 'Loading…' : 'Load more'}
      </button>
    </div>
  );
}
