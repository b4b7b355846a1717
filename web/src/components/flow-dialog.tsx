import { useId, useState } from 'react';
import type { Flow } from '../api/flow-types.ts';
import type { Connection } from '../api/types.ts';
import { useApi } from '../hooks/api-context.tsx';
import { useEndpointOptions } from '../hooks/use-endpoint-options.ts';
import { draftFromFlow, type FlowDraft, inputFromDraft } from '../lib/flow-form.ts';
import { ActionEditor } from './action-editor.tsx';
import { ConnectionOptions } from './connection-options.tsx';
import { Dialog } from './dialog.tsx';
import { DialogForm } from './dialog-form.tsx';
import { FilterEditor } from './filter-editor.tsx';

interface FlowDialogProps {
  /** The flow to edit; a new flow when null. */
  readonly flow: Flow | null;
  readonly connections: readonly Connection[];
  /** The trigger connection of a new flow (default: the first connection). */
  readonly connectionId?: string;
  readonly onClose: () => void;
  readonly onSaved: (flow: Flow) => void;
}

/** Create or edit a flow: name, trigger connection, filter, JSONata transform and deliver actions. */
export function FlowDialog({ flow, connections, connectionId, onClose, onSaved }: FlowDialogProps) {
  const api = useApi();
  const endpoints = useEndpointOptions();
  const ids = {
    name: useId(),
    connection: useId(),
    enabled: useId(),
    transform: useId(),
    transformHelp: useId(),
  };
  const [draft, setDraft] = useState<FlowDraft>(() =>
    draftFromFlow(flow, connectionId ?? connections[0]?.id ?? ''),
  );
  const set = (patch: Partial<FlowDraft>) => setDraft((previous) => ({ ...previous, ...patch }));

  function submit() {
    const built = inputFromDraft(draft);
    if ('error' in built) return built.error;
    return (flow ? api.flows.update(flow.id, built.input) : api.flows.create(built.input)).then(onSaved);
  }

  return (
    <Dialog title={flow ? `Edit ${flow.name}` : 'New flow'} onClose={onClose} wide>
      <DialogForm onSubmit={submit} onCancel={onClose} submitLabel={flow ? 'Save flow' : 'Create flow'}>
        <div className="field">
          <label htmlFor={ids.name}>Name</label>
          <input
            id={ids.name}
            value={draft.name}
            required
            maxLength={200}
            onChange={(e) => set({ name: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.connection}>When a request is accepted on</label>
          <select
            id={ids.connection}
            value={draft.connectionId}
            required
            onChange={(e) => set({ connectionId: e.target.value })}
          >
            {draft.connectionId === '' && <option value="">Choose a connection…</option>}
            <ConnectionOptions connections={connections} selected={draft.connectionId} />
          </select>
        </div>
        <FilterEditor
          match={draft.match}
          conditions={draft.conditions}
          onMatch={(match) => set({ match })}
          onChange={(conditions) => set({ conditions })}
        />
        <div className="field">
          <label htmlFor={ids.transform}>Transform (optional JSONata)</label>
          <textarea
            id={ids.transform}
            className="mono"
            rows={4}
            value={draft.transform}
            spellCheck={false}
            placeholder={'{ "order": data.id, "contact": $contact.id, "event": $event.id }'}
            aria-describedby={ids.transformHelp}
            onChange={(e) => set({ transform: e.target.value })}
          />
          <p id={ids.transformHelp} className="help">
            Empty delivers the payload as received. $event and $contact are available; a result of nothing
            filters the request out.
          </p>
        </div>
        <ActionEditor
          actions={draft.actions}
          endpoints={endpoints}
          onChange={(actions) => set({ actions })}
        />
        <div className="check">
          <input
            id={ids.enabled}
            type="checkbox"
            checked={draft.enabled}
            onChange={(e) => set({ enabled: e.target.checked })}
          />
          <label htmlFor={ids.enabled}>Enabled (runs for every accepted request)</label>
        </div>
      </DialogForm>
    </Dialog>
  );
}
