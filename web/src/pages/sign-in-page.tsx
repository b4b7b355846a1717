import { type FormEvent, useId, useState } from 'react';
import { ApiClient } from '../api/client.ts';
import { describeError } from '../api/errors.ts';
import { ErrorMessage } from '../components/feedback.tsx';

interface SignInPageProps {
  readonly onSignedIn: (token: string) => void;
  /** Why the previous session ended (token revoked), shown above the form. */
  readonly notice?: string | null;
}

/** Asks for the admin token and checks it with `GET /api/v1/connections?limit=1` before keeping it. */
export function SignInPage({ onSignedIn, notice }: SignInPageProps) {
  const ids = { token: useId(), help: useId() };
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const candidate = token.trim();
    setBusy(true);
    setError(null);
    try {
      await new ApiClient({ token: candidate }).listConnections({ limit: 1 });
      setToken('');
      onSignedIn(candidate);
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <form className="card form" onSubmit={submit} aria-labelledby="sign-in-heading">
        <h1 id="sign-in-heading">
          <span className="brand-mark" aria-hidden="true" /> hookgate
        </h1>
        <p className="muted">Sign in with the admin token of this gateway.</p>
        {notice && !error && <p className="notice">{notice}</p>}
        <div className="field">
          <label htmlFor={ids.token}>Admin token</label>
          <input
            id={ids.token}
            type="password"
            autoComplete="current-password"
            spellCheck={false}
            required
            value={token}
            aria-describedby={ids.help}
            onChange={(e) => setToken(e.target.value)}
          />
          <p id={ids.help} className="help">
            Printed once on the first start, or set with HOOKGATE_ADMIN_TOKEN. Kept for this browser tab only.
          </p>
        </div>
        <ErrorMessage message={error} />
        <button type="submit" disabled={busy || token.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
