import { type MouseEvent, type ReactNode, useEffect, useState } from 'react';
import { navigate } from '../hooks/use-route.ts';

const NAV = [
  { to: '/', label: 'Home' },
  { to: '/connections', label: 'Connections' },
  { to: '/history', label: 'History' },
  { to: '/flows', label: 'Flows' },
  { to: '/contacts', label: 'Contacts' },
  { to: '/outbound', label: 'Outbound' },
];

interface LinkProps {
  readonly to: string;
  readonly children: ReactNode;
  /** true: the page the link leads to is shown; 'true': the item it opens is (a selected row). */
  readonly current?: boolean | 'true';
  /** An accessible name when the visible text is not enough. */
  readonly label?: string;
}

/** An in-app link: a real href (so it opens in a new tab too), navigated without a reload. */
export function Link({ to, children, current = false, label }: LinkProps) {
  function onClick(event: MouseEvent<HTMLAnchorElement>) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  }
  return (
    <a
      href={to}
      onClick={onClick}
      aria-current={current === true ? 'page' : current || undefined}
      aria-label={label}
    >
      {children}
    </a>
  );
}

function isCurrent(path: string, to: string): boolean {
  if (to === '/') return path === '/';
  return path === to || path.startsWith(`${to}/`);
}

/** Header with navigation and sign-out, then the page. On narrow screens the navigation folds behind "Menu". */
export function Layout(props: {
  readonly path: string;
  readonly onSignOut: () => void;
  readonly children: ReactNode;
}) {
  const [menuOpen, setMenuOpen] = useState(false);
  // A followed link closes the menu (the path changes; the effect runs for nothing else).
  useEffect(() => {
    if (props.path) setMenuOpen(false);
  }, [props.path]);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar" data-menu={menuOpen ? 'open' : 'closed'}>
        <span className="brand">
          <span className="brand-mark" aria-hidden="true" /> hookgate
        </span>
        <button
          type="button"
          className="secondary small menu-button"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          Menu
        </button>
        <nav aria-label="Main" id="main-nav">
          <ul>
            {NAV.map((item) => (
              <li key={item.to}>
                <Link to={item.to} current={isCurrent(props.path, item.to)}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <button type="button" className="secondary small sign-out" onClick={props.onSignOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </>
  );
}
