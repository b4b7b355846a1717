import { HistoryPanel } from '../components/history-panel.tsx';
import { useConnections } from '../hooks/use-connections.ts';

/** Every request to every connection, newest first, live. */
export function HistoryPage() {
  // Names are a convenience: until they load (or if they cannot), rows show connection ids and
  // "copy as curl" uses the gateway's own URL.
  const { connections } = useConnections();

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
