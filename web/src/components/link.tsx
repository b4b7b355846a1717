import type { MouseEvent, ReactNode } from 'react';
import { navigate } from '../hooks/use-route.ts';

/** An in-app link: a real href (so it opens in a new tab too), navigated without a reload. */
export function Link(props: { readonly to: string; readonly children: ReactNode; readonly className?: string }) {
  function onClick(event: MouseEvent<HTMLAnchorElement>) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(props.to);
  }
  return (
    <a href={props.to} onClick={onClick} className={props.className}>
      {props.children}
    </a>
  );
}
