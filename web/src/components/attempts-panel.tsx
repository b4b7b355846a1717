import { useCallback, useState } from 'react';
import { ATTEMPT_STATUSES, type Attempt, type AttemptStatus } from '../api/delivery-types.ts';
import { useApi } from '../hooks/api-context.tsx';
import { usePagedList } from '../hooks/use-paged-list.ts';
import { formatTime } from '../lib/format.ts';
import { extraError } from '../lib/outbound-labels.ts';
import { AttemptDetail } from './attempt-detail.tsx';
import { EmptyState, ErrorMessage, Loading } from './feedback.tsx';
import { FilterSelect, LoadMore, RefreshButton } from './list-controls.tsx';

interface AttemptsPanelProps {
  readonly applicationId: string;
  readonly endpointId: string;
  readonly version: number;
}

/** Every request hookgate sent to the endpoint: status, response code, latency, error, response body. */
export function AttemptsPanel({ applicationId, endpointId, version }: AttemptsPanelProps) {
  const api = useApi();
  const [status, setStatus] = useState<AttemptStatus | ''>('');
  const [selected, setSelected] = useState<Attempt | null>(null);
  const list = usePagedList(
    useCallback(
      (cursor: string | null) => {
        void version;
        return api.delivery.attempts(applicationId, endpointId, {
          limit: 50,
          ...(status ? { status } : {}),
          ...(cursor ? { cursor } : {}),
        });
      },
      [api, applicationId, endpointId, status, version],
    ),
  );

  return (
    <div className={selected ? 'history with-detail' : 'history'}>
      <div className="history-main">
        <div className="toolbar">
          <FilterSelect
            label="Attempt status"
            allLabel="All attempts"
            value={status}
            values={ATTEMPT_STATUSES}
            optionLabel={(value) => (value === 'SUCCESS' ? 'Succeeded' : 'Failed')}
            onChange={setStatus}
          />
          <RefreshButton label="Refresh attempts" onClick={list.reload} />
        </div>
        <ErrorMessage message={list.error} />
        {list.loading ? (
          <Loading label="Loading attempts…" />
        ) : list.items.length === 0 ? (
          <EmptyState title="No attempts yet.">
            Each try to deliver a message to this endpoint is listed here.
          </EmptyState>
        ) : (
          <table className="table attempts-table">
            <thead>
              <tr>
                <th scope="col">Sent</th>
                <th scope="col">Message</th>
                <th scope="col" className="num">
                  #
                </th>
                <th scope="col">Result</th>
                <th scope="col">Error</th>
                <th scope="col" className="num">
                  Latency
                </th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((attempt) => (
                <tr
                  key={attempt.id}
                  className={attempt.id === selected?.id ? 'selected' : undefined}
                  data-status={attempt.status}
                >
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      aria-pressed={attempt.id === selected?.id}
                      aria-label={`Details of attempt ${attempt.attempt} of message ${attempt.messageId}`}
                      onClick={() => setSelected(attempt)}
                    >
                      {formatTime(attempt.createdAt)}
                    </button>
                  </td>
                  <td className="mono small id-cell" title={attempt.messageId}>
                    {attempt.messageId}
                  </td>
                  <td className="num">{attempt.attempt}</td>
                  <td>
                    <span className={`badge ${attempt.status === 'SUCCESS' ? 'badge-good' : 'badge-bad'}`}>
                      {attempt.responseStatus === null
                        ? attempt.status === 'SUCCESS'
                          ? 'OK'
                          : 'No response'
                        : `HTTP ${attempt.responseStatus}`}
                    </span>
                  </td>
                  <td className="message-cell small">{extraError(attempt.error, attempt.responseStatus)}</td>
                  <td className="num">{attempt.latencyMs} ms</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {list.hasMore && <LoadMore onClick={list.loadMore} />}
      </div>
      {selected && <AttemptDetail key={selected.id} attempt={selected} onClose={() => setSelected(null)} />}
    </div>
  );
}
