import { useState } from 'react';
import type { TestResponse } from '../api/client.ts';
import type { Connection } from '../api/types.ts';
import { useApi, useErrorHandler } from '../hooks/api-context.tsx';
import { buildPartnerRequest } from '../lib/test-request.ts';

/** Signs a sample request with the secret the way the partner would and sends it to the inbound URL. */
export function TestRequestButton({
  connection,
  secret,
}: {
  readonly connection: Connection;
  readonly secret: string;
}) {
  const api = useApi();
  const handleError = useErrorHandler();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TestResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function send() {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const request = await buildPartnerRequest(connection.auth, secret);
      setResult(await api.sendTestRequest(connection.inboundUrl, request.headers, request.body));
    } catch (err) {
      setError(handleError(err));
    } finally {
      setBusy(false);
    }
  }

  const ok = result !== null && result.status < 300;
  return (
    <div className="test-request">
      <button type="button" className="secondary" onClick={send} disabled={busy}>
        {busy ? 'Sending…' : 'Send test request'}
      </button>
      <div role="status" className="test-result">
        {result && (
          <span className={ok ? 'ok' : 'error-text'}>
            {ok ? 'Accepted' : 'Rejected'}: HTTP {result.status} <code>{result.body.slice(0, 300)}</code>
          </span>
        )}
        {error && <span className="error-text">{error}</span>}
      </div>
    </div>
  );
}
