import { useEffect, useState } from 'react';
import type { Connection } from '../api/types.ts';
import { HistoryPanel } from '../components/history-panel.tsx';
import { useApi } from '../hooks/api-context.tsx';

/** Every request to every connection, newest first, live. */
export function HistoryPage() {
  const api = useApi();
  const [connections, setConnections] = useState<readonly Connection[]>([]);

  useEffect(() => {
    let cancelled = false;
    api
      .listConnections({ limit: 200 })
      .then((page) => !cancelled && setConnections(page.items))
      .catch(() => {
        // Names are a convenience: rows fall back to connection ids, curl to the gateway's own URL.
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
        connections={connections}
        showConnection
        emptyHint="Point a partner at a connection's inbound URL, or send a test request when you create one."
      />
    </section>
  );
}
