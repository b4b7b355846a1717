import { useId } from 'react';
import { FILTER_OPERATORS, type FilterOperator, UNARY_OPERATORS } from '../api/flow-types.ts';
import { type ConditionDraft, emptyCondition } from '../lib/flow-form.ts';

const OPERATOR_LABELS: Record<FilterOperator, string> = {
  eq: 'equals',
  neq: 'does not equal',
  exists: 'exists',
  not_exists: 'does not exist',
  contains: 'contains',
  not_contains: 'does not contain',
  gt: 'greater than',
  gte: 'at least',
  lt: 'less than',
  lte: 'at most',
  in: 'is one of',
};

interface FilterEditorProps {
  readonly match: 'all' | 'any';
  readonly conditions: readonly ConditionDraft[];
  readonly onMatch: (match: 'all' | 'any') => void;
  readonly onChange: (conditions: readonly ConditionDraft[]) => void;
}

/** The flow filter: conditions on JSON paths, all or any of which must hold; none = every request. */
export function FilterEditor({ match, conditions, onMatch, onChange }: FilterEditorProps) {
  const matchId = useId();
  const helpId = useId();
  const update = (key: number, patch: Partial<ConditionDraft>) =>
    onChange(conditions.map((c) => (c.key === key ? { ...c, ...patch } : c)));

  return (
    <fieldset className="fields">
      <legend>Filter</legend>
      {conditions.length === 0 ? (
        <p className="muted">No conditions: every accepted request runs the flow.</p>
      ) : (
        <div className="field field-inline">
          <label htmlFor={matchId}>Run when</label>
          <select id={matchId} value={match} onChange={(e) => onMatch(e.target.value as 'all' | 'any')}>
            <option value="all">all conditions hold</option>
            <option value="any">any condition holds</option>
          </select>
        </div>
      )}
      {conditions.length > 0 && (
        <div className="row-editor-head" aria-hidden="true">
          <span>JSONPath</span>
          <span>Operator</span>
          <span>Value</span>
        </div>
      )}
      {conditions.map((condition, index) => {
        const n = index + 1;
        const unary = UNARY_OPERATORS.includes(condition.op);
        return (
          <fieldset key={condition.key} className="row-editor">
            <legend className="visually-hidden">Condition {n}</legend>
            <input
              aria-label={`Condition ${n} path`}
              className="mono"
              value={condition.path}
              placeholder="$.type"
              spellCheck={false}
              onChange={(e) => update(condition.key, { path: e.target.value })}
            />
            <select
              aria-label={`Condition ${n} operator`}
              value={condition.op}
              onChange={(e) => update(condition.key, { op: e.target.value as FilterOperator })}
            >
              {FILTER_OPERATORS.map((op) => (
                <option key={op} value={op}>
                  {OPERATOR_LABELS[op]}
                </option>
              ))}
            </select>
            <input
              aria-label={`Condition ${n} value`}
              className="mono"
              aria-describedby={helpId}
              value={unary ? '' : condition.value}
              disabled={unary}
              placeholder={condition.op === 'in' ? '["paid", "shipped"]' : unary ? '' : 'order.paid'}
              onChange={(e) => update(condition.key, { value: e.target.value })}
            />
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove condition ${n}`}
              onClick={() => onChange(conditions.filter((c) => c.key !== condition.key))}
            >
              ×
            </button>
          </fieldset>
        );
      })}
      <p id={helpId} className="help">
        Values are read as JSON when they parse (42, true, "text", ["a", "b"]), as text otherwise.
      </p>
      <div>
        <button
          type="button"
          className="secondary small"
          onClick={() => onChange([...conditions, emptyCondition()])}
        >
          Add condition
        </button>
      </div>
    </fieldset>
  );
}
