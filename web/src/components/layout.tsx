import type { MouseEvent, ReactNode } from 'react';
import { navigate } from '../hooks/use-route.ts';

const NAV = [
  { to: '/connections', label: 'Connections' },
  { to: '/history', label: 'History' },
  { to: '/outbound', label: 'Outbound' },
  { to: '/flows', label: 'Flows' },
];

function isCurrent(path: string, to: string): boolean {
  return path === to || path.startsWith(`${to}/`) || (to === '/connections' && path === '/');
}

/** Header with navigation and sign-out, then the page. */
export function Layout(props: { readonly path: string; readonly onSignOut: () => void; readonly children: ReactNode }) {
  function go(event: MouseEvent<HTMLAnchorElement>, to: string) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate(to);
  }

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true" /> hookgate
        </span>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.to}>
                <a
                  href={item.to}
                  aria-current={isCurrent(props.path, item.to) ? 'page' : undefined}
                  onClick={(event) => go(event, item.to)}
                >
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <button type="button" className="secondary small" onClick={props.onSignOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </>
  );
}
