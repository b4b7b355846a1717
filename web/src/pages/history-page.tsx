import { useEffect, useState } from 'react';
import { HistoryPanel } from '../components/history-panel.tsx';
import { useApi } from '../hooks/api-context.tsx';

/** Every request to every connection, newest first, live. */
export function HistoryPage() {
  const api = useApi();
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());

  useEffect(() => {
    let cancelled = false;
    api
      .listConnections({ limit: 200 })
      .then((page) => !cancelled && setNames(new Map(page.items.map((c) => [c.id, c.name]))))
      .catch(() => {
        // Names are a convenience: rows fall back to connection ids.
      });
    return () => {
      cancelled = true;
    };
  }, [api]);

  return (
    <section aria-labelledby="history-heading">
      <div className="page-header">
        <h1 id="history-heading">History</h1>
      </div>
      <p className="muted">Every request to every connection, accepted or not, newest first.</p>
      <HistoryPanel
        connectionNames={names}
        showConnection
        emptyHint="Point a partner at a connection's inbound URL, or send a test request when you create one."
      />
    </section>
  );
}
