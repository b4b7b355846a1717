import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { ApiClient } from './api/client.ts';
import { Loading } from './components/feedback.tsx';
import { Layout, Link } from './components/layout.tsx';
import { ApiProvider } from './hooks/api-context.tsx';
import { matchRoute, usePath } from './hooks/use-route.ts';
import { clearToken, loadToken, saveToken } from './lib/session.ts';
import { ApplicationPage } from './pages/application-page.tsx';
import { ConnectionPage } from './pages/connection-page.tsx';
import { ConnectionsPage } from './pages/connections-page.tsx';
import { ContactsPage } from './pages/contacts-page.tsx';
import { EndpointPage } from './pages/endpoint-page.tsx';
import { FlowPage } from './pages/flow-page.tsx';
import { FlowsPage } from './pages/flows-page.tsx';
import { HistoryPage } from './pages/history-page.tsx';
import { OutboundPage } from './pages/outbound-page.tsx';
import { SignInPage } from './pages/sign-in-page.tsx';

// The home page's charts (Chart.js) load in their own chunk, so the other pages do not wait for them.
const HomePage = lazy(() => import('./pages/home-page.tsx').then((module) => ({ default: module.HomePage })));

/** Any path the dashboard does not know. */
function NotFoundPage() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        <Link to="/connections">Go to connections</Link>
      </p>
    </section>
  );
}

function Page({ path }: { readonly path: string }) {
  const route = matchRoute(path);
  switch (route.page) {
    case 'home':
      return (
        <Suspense fallback={<Loading />}>
          <HomePage />
        </Suspense>
      );
    case 'connections':
      return <ConnectionsPage />;
    case 'connection':
      return <ConnectionPage key={route.id} id={route.id} />;
    case 'history':
      return <HistoryPage />;
    case 'flows':
      return <FlowsPage />;
    case 'flow':
      return <FlowPage key={route.id} id={route.id} />;
    case 'contacts':
      return <ContactsPage />;
    case 'outbound':
      return <OutboundPage />;
    case 'application':
      return <ApplicationPage key={route.id} id={route.id} />;
    case 'endpoint':
      return (
        <EndpointPage
          key={`${route.applicationId}/${route.endpointId}`}
          applicationId={route.applicationId}
          endpointId={route.endpointId}
        />
      );
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
