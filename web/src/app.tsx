import { useCallback, useMemo, useState } from 'react';
import { ApiClient } from './api/client.ts';
import { Layout } from './components/layout.tsx';
import { ApiProvider } from './hooks/api-context.tsx';
import { matchRoute, usePath } from './hooks/use-route.ts';
import { clearToken, loadToken, saveToken } from './lib/session.ts';
import { ConnectionPage } from './pages/connection-page.tsx';
import { ConnectionsPage } from './pages/connections-page.tsx';
import { HistoryPage } from './pages/history-page.tsx';
import { FlowsPage, NotFoundPage, OutboundPage } from './pages/placeholder-pages.tsx';
import { SignInPage } from './pages/sign-in-page.tsx';

function Page({ path }: { readonly path: string }) {
  const route = matchRoute(path);
  switch (route.page) {
    case 'connections':
      return <ConnectionsPage />;
    case 'connection':
      return <ConnectionPage key={route.id} id={route.id} />;
    case 'history':
      return <HistoryPage />;
    case 'outbound':
      return <OutboundPage />;
    case 'flows':
      return <FlowsPage />;
    default:
      return <NotFoundPage />;
  }
}

/** Signed out: the token form. Signed in: the dashboard, with one API client for the session. */
export function App() {
  const [token, setToken] = useState<string | null>(loadToken);
  const [notice, setNotice] = useState<string | null>(null);
  const path = usePath();
  const client = useMemo(() => (token ? new ApiClient({ token }) : null), [token]);

  const signIn = useCallback((next: string) => {
    saveToken(next);
    setNotice(null);
    setToken(next);
  }, []);

  const signOut = useCallback((reason: string | null) => {
    clearToken();
    setNotice(reason);
    setToken(null);
  }, []);

  const onUnauthorized = useCallback((message: string) => signOut(`Signed out: ${message}`), [signOut]);

  if (!client) return <SignInPage onSignedIn={signIn} notice={notice} />;
  return (
    <ApiProvider client={client} onUnauthorized={onUnauthorized}>
      <Layout path={path} onSignOut={() => signOut('You signed out.')}>
        <Page path={path} />
      </Layout>
    </ApiProvider>
  );
}
