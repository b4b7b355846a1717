import type { EndpointOptions } from '../hooks/use-endpoint-options.ts';
import { type ActionDraft, emptyAction } from '../lib/flow-form.ts';

interface ActionEditorProps {
  readonly actions: readonly ActionDraft[];
  readonly endpoints: EndpointOptions;
  readonly onChange: (actions: readonly ActionDraft[]) => void;
}

function endpointHelp(endpoints: EndpointOptions): string {
  if (endpoints.status === 'unavailable')
    return 'The outbound API is not available on this gateway: enter endpoint ids (ep_…) by hand.';
  if (endpoints.status === 'ready' && endpoints.options.length === 0)
    return 'No outbound endpoints yet: create one under Outbound, or enter an endpoint id.';
  return 'Each delivery publishes the output (the payload, or the transform result) to one endpoint.';
}

/** The flow's deliver actions: an endpoint (picked, or typed when the outbound API is absent) and an event type. */
export function ActionEditor({ actions, endpoints, onChange }: ActionEditorProps) {
  const options = endpoints.status === 'ready' ? endpoints.options : [];
  const update = (key: number, patch: Partial<ActionDraft>) =>
    onChange(actions.map((a) => (a.key === key ? { ...a, ...patch } : a)));

  return (
    <fieldset className="fields">
      <legend>Deliver to</legend>
      <p className="help">{endpointHelp(endpoints)}</p>
      <div className="row-editor-head row-editor-actions" aria-hidden="true">
        <span>Endpoint</span>
        <span>Event type (optional)</span>
      </div>
      {actions.map((action, index) => {
        const n = index + 1;
        const known = options.some((o) => o.id === action.endpointId);
        return (
          <fieldset key={action.key} className="row-editor row-editor-actions">
            <legend className="visually-hidden">Delivery {n}</legend>
            {options.length > 0 ? (
              <select
                aria-label={`Delivery ${n} endpoint`}
                value={action.endpointId}
                onChange={(e) => update(action.key, { endpointId: e.target.value })}
              >
                <option value="">Choose an endpoint…</option>
                {!known && action.endpointId && (
                  <option value={action.endpointId}>{action.endpointId}</option>
                )}
                {options.map((option) => (
                  <option key={option.id} value={option.id}>
                    {option.label}
                  </option>
                ))}
              </select>
            ) : (
              <input
                aria-label={`Delivery ${n} endpoint id`}
                className="mono"
                value={action.endpointId}
                placeholder="ep_…"
                spellCheck={false}
                onChange={(e) => update(action.key, { endpointId: e.target.value })}
              />
            )}
            <input
              aria-label={`Delivery ${n} event type (optional)`}
              value={action.eventType}
              placeholder="webhook.received"
              onChange={(e) => update(action.key, { eventType: e.target.value })}
            />
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove delivery ${n}`}
              disabled={actions.length === 1}
              onClick={() => onChange(actions.filter((a) => a.key !== action.key))}
            >
              ×
            </button>
          </fieldset>
        );
      })}
      <div>
        <button
          type="button"
          className="secondary small"
          onClick={() => onChange([...actions, emptyAction()])}
        >
          Add delivery
        </button>
      </div>
    </fieldset>
  );
}
