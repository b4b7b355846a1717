import { useEffect, useId, useMemo, useState } from 'react';
import type { ConnectionStats, DeliveryStats, InboundStats } from '../api/types.ts';
import { ErrorMessage, Loading } from '../components/feedback.tsx';
import { Link } from '../components/layout.tsx';
import { FilterSelect } from '../components/list-controls.tsx';
import { StatsChart } from '../components/stats-chart.tsx';
import { useApi, useErrorHandler } from '../hooks/api-context.tsx';
import { connectionName, useConnections } from '../hooks/use-connections.ts';
import { connectionPath } from '../hooks/use-route.ts';
import { deliveryChart, outcomeChart } from '../lib/chart-configs.ts';
import { outcomeLabel } from '../lib/format.ts';
import {
  bucketLabel,
  deliverySeries,
  outcomeSeries,
  STATS_WINDOWS,
  type StatsWindow,
  seriesTotal,
  statsWindow,
} from '../lib/stats-series.ts';

interface HomeFilters {
  readonly window: StatsWindow;
  /** '' = all connections. */
  readonly connectionId: string;
}

/** The filters from the page's query string, so a view of the charts can be bookmarked and shared. */
function filtersFromUrl(): HomeFilters {
  const params = new URLSearchParams(window.location.search);
  return { window: statsWindow(params.get('window')), connectionId: params.get('connectionId') ?? '' };
}

function writeUrl(filters: HomeFilters): void {
  const params = new URLSearchParams({ window: filters.window.id });
  if (filters.connectionId) params.set('connectionId', filters.connectionId);
  window.history.replaceState(null, '', `${window.location.pathname}?${params}`);
}

interface HomeData {
  readonly inbound: InboundStats;
  readonly deliveries: DeliveryStats | null;
  readonly connections: ConnectionStats;
}

/** What the gateway did lately: requests by outcome, delivery health and the most refused connections. */
export function HomePage() {
  const api = useApi();
  const toMessage = useErrorHandler();
  const windowId = useId();
  const [filters, setFilters] = useState<HomeFilters>(filtersFromUrl);
  const { connections } = useConnections();
  const [data, setData] = useState<HomeData | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    const { bucket, ms } = filters.window;
    const since = new Date(Date.now() - ms).toISOString();
    setError(null);
    Promise.all([
      api.getInboundStats({
        since,
        bucket,
        ...(filters.connectionId && { connectionId: filters.connectionId }),
      }),
      api.getDeliveryStats({ since, bucket }),
      api.getConnectionStats({ since, limit: 5 }),
    ])
      .then(([inbound, deliveries, top]) => {
        if (!cancelled) setData({ inbound, deliveries, connections: top });
      })
      .catch((caught: unknown) => {
        if (!cancelled) setError(toMessage(caught));
      });
    return () => {
      cancelled = true;
    };
  }, [api, toMessage, filters]);

  function update(next: HomeFilters) {
    writeUrl(next);
    setFilters(next);
  }

  return (
    <section aria-labelledby="home-heading">
      <div className="page-header">
        <h1 id="home-heading">Home</h1>
      </div>
      <div className="toolbar">
        <div className="field field-inline">
          <label htmlFor={windowId}>Window</label>
          <select
            id={windowId}
            value={filters.window.id}
            onChange={(event) => update({ ...filters, window: statsWindow(event.target.value) })}
          >
            {STATS_WINDOWS.map((w) => (
              <option key={w.id} value={w.id}>
                {w.label}
              </option>
            ))}
          </select>
        </div>
        <FilterSelect
          label="Connection"
          allLabel="All connections"
          value={filters.connectionId}
          values={connections.map((c) => c.id)}
          optionLabel={(id) => connectionName(connections, id)}
          onChange={(connectionId) => update({ ...filters, connectionId })}
        />
      </div>
      <ErrorMessage message={error} />
      {data === null ? (
        !error && <Loading />
      ) : (
        <div className="stats-grid">
          <RequestsFigure stats={data.inbound} />
          <DeliveriesFigure stats={data.deliveries} />
          <MostRefused stats={data.connections} />
        </div>
      )}
    </section>
  );
}

function RequestsFigure({ stats }: { readonly stats: InboundStats }) {
  const series = useMemo(() => outcomeSeries(stats), [stats]);
  const config = useMemo(
    () =>
      outcomeChart(
        stats.buckets.map((b) => bucketLabel(b.start, stats.bucket)),
        series,
      ),
    [stats, series],
  );
  const total = seriesTotal(series);
  return (
    <figure className="stats-card" aria-labelledby="requests-chart-title">
      <h2 id="requests-chart-title">Requests by outcome</h2>
      {total === 0 ? (
        <p className="muted">No requests in this window.</p>
      ) : (
        <>
          <StatsChart config={config} label={`Requests per ${stats.bucket}, stacked by outcome`} />
          <figcaption>
            <ul className="plain-list stats-totals" aria-label="Requests per outcome">
              <li>
                <strong>{total}</strong> {total === 1 ? 'request' : 'requests'}
              </li>
              {series.map((s) => (
                <li key={s.key} data-outcome={s.key}>
                  {outcomeLabel(s.key)}: {s.values.reduce((a, b) => a + b, 0)}
                </li>
              ))}
            </ul>
          </figcaption>
        </>
      )}
    </figure>
  );
}

function DeliveriesFigure({ stats }: { readonly stats: DeliveryStats | null }) {
  const series = useMemo(() => (stats ? deliverySeries(stats) : null), [stats]);
  const config = useMemo(
    () =>
      stats && series
        ? deliveryChart(
            stats.buckets.map((b) => bucketLabel(b.start, stats.bucket)),
            series,
          )
        : null,
    [stats, series],
  );
  return (
    <figure className="stats-card" aria-labelledby="deliveries-chart-title">
      <h2 id="deliveries-chart-title">Outbound deliveries</h2>
      {!series || !config || series.attempts === 0 ? (
        <p className="muted">No delivery attempts in this window.</p>
      ) : (
        <>
          <StatsChart config={config} label="Delivery success rate and p50/p95 latency over time" />
          <figcaption>
            {series.succeeded} of {series.attempts} attempts succeeded (
            {Math.round((series.succeeded / series.attempts) * 1000) / 10}%).
          </figcaption>
        </>
      )}
    </figure>
  );
}

function MostRefused({ stats }: { readonly stats: ConnectionStats }) {
  const refused = stats.items.filter((item) => item.refused > 0);
  return (
    <section className="stats-card" aria-labelledby="refused-title">
      <h2 id="refused-title">Most refused</h2>
      {refused.length === 0 ? (
        <p className="muted">No refused requests in this window.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Connection</th>
              <th scope="col">Refused</th>
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {refused.map((item) => (
              <tr key={item.connectionId}>
                <td>
                  <Link to={connectionPath(item.connectionId)}>{item.name}</Link>
                </td>
                <td>{item.refused}</td>
                <td>{item.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
