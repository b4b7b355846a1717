import { useId } from 'react';
import { navigate, useSearch } from '../hooks/use-route.ts';

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

/** `?rotationDue=true` in the URL: the filter survives a reload and can be shared; back / forward undo it. */
export function useRotationDueFilter(): [boolean, (next: boolean) => void] {
  const search = useSearch();
  const due = new URLSearchParams(search).get('rotationDue') === 'true';
  const set = (next: boolean) => {
    const params = new URLSearchParams(window.location.search);
    if (next) params.set('rotationDue', 'true');
    else params.delete('rotationDue');
    const text = params.toString();
    navigate(`${window.location.pathname}${text ? `?${text}` : ''}`);
  };
  return [due, set];
}

/** The "Rotation due only" checkbox above a list of things with secrets. */
export function RotationDueCheckbox({
  checked,
  onChange,
}: {
  readonly checked: boolean;
  readonly onChange: (next: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="check">
      <input id={id} type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <label htmlFor={id}>Rotation due only</label>
    </div>
  );
}
