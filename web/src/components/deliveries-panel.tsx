import { useCallback, useState } from 'react';
import { DELIVERY_STATES, type Delivery, type DeliveryState } from '../api/delivery-types.ts';
import { useApi, useErrorHandler } from '../hooks/api-context.tsx';
import { usePagedList } from '../hooks/use-paged-list.ts';
import { formatTime } from '../lib/format.ts';
import { deliveryStateLabel, deliveryStateTone, extraError } from '../lib/outbound-labels.ts';
import { EmptyState, ErrorMessage, Loading } from './feedback.tsx';
import { FilterSelect, LoadMore, RefreshButton } from './list-controls.tsx';

interface DeliveriesPanelProps {
  readonly applicationId: string;
  readonly endpointId: string;
  /** Changes when something else queued deliveries again (bulk replay, recover). */
  readonly version: number;
  readonly onReplayed: () => void;
}

/** An endpoint's deliveries by state, each with a Replay button. */
export function DeliveriesPanel({ applicationId, endpointId, version, onReplayed }: DeliveriesPanelProps) {
  const api = useApi();
  const handleError = useErrorHandler();
  const [state, setState] = useState<DeliveryState | ''>('');
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const list = usePagedList(
    useCallback(
      (cursor: string | null) => {
        void version;
        return api.delivery.deliveries(applicationId, endpointId, {
          limit: 50,
          ...(state ? { state } : {}),
          ...(cursor ? { cursor } : {}),
        });
      },
      [api, applicationId, endpointId, state, version],
    ),
  );

  async function replay(delivery: Delivery) {
    setError(null);
    try {
      const queued = await api.delivery.replay(delivery.messageId, delivery.endpointId);
      list.update((items) => items.map((d) => (d.id === queued.id ? queued : d)));
      setNotice(`Message ${delivery.messageId} queued again.`);
      onReplayed();
    } catch (err) {
      setError(handleError(err));
    }
  }

  return (
    <div>
      <div className="toolbar">
        <FilterSelect
          label="State"
          allLabel="All deliveries"
          value={state}
          values={DELIVERY_STATES}
          optionLabel={deliveryStateLabel}
          onChange={setState}
        />
        <span role="status" className="ok small">
          {notice}
        </span>
        <RefreshButton label="Refresh deliveries" onClick={list.reload} />
      </div>
      <ErrorMessage message={error ?? list.error} />
      {list.loading ? (
        <Loading label="Loading deliveries…" />
      ) : list.items.length === 0 ? (
        <EmptyState
          title={state ? `No ${deliveryStateLabel(state).toLowerCase()} deliveries.` : 'No deliveries yet.'}
        >
          {state
            ? 'Choose "All deliveries" to see every one.'
            : 'Messages published for this application appear here.'}
        </EmptyState>
      ) : (
        <table className="table deliveries-table">
          <thead>
            <tr>
              <th scope="col">Created</th>
              <th scope="col">Message</th>
              <th scope="col">State</th>
              <th scope="col" className="num">
                Attempts
              </th>
              <th scope="col">Last response</th>
              <th scope="col">Next attempt</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((delivery) => (
              <tr key={delivery.id} data-state={delivery.state}>
                <td className="small">{formatTime(delivery.createdAt)}</td>
                <td className="mono small id-cell" title={delivery.messageId}>
                  {delivery.messageId}
                </td>
                <td>
                  <span className={`badge badge-${deliveryStateTone(delivery.state)}`}>
                    {deliveryStateLabel(delivery.state)}
                  </span>
                </td>
                <td className="num">{delivery.attempts}</td>
                <td className="message-cell small">
                  {delivery.lastStatus !== null && <span className="mono">HTTP {delivery.lastStatus} </span>}
                  {extraError(delivery.lastError, delivery.lastStatus)}
                </td>
                <td className="small">{delivery.nextAttemptAt ? formatTime(delivery.nextAttemptAt) : '—'}</td>
                <td>
                  <button
                    type="button"
                    className="secondary small"
                    aria-label={`Replay message ${delivery.messageId}`}
                    onClick={() => void replay(delivery)}
                  >
                    Replay
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.hasMore && <LoadMore onClick={list.loadMore} />}
    </div>
  );
}
