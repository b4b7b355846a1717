import type { LiveState } from '../hooks/use-live-tail.ts';

const LABELS: Record<LiveState, string> = {
  paused: 'Paused',
  connecting: 'Connecting…',
  live: 'Live',
  retrying: 'Reconnecting…',
  unavailable: 'Live updates unavailable',
};

/** The live tail's state, announced politely to screen readers. */
export function LiveIndicator({ state, error }: { readonly state: LiveState; readonly error: string | null }) {
  return (
    <span className={`live live-${state}`} role="status" title={error ?? undefined}>
      <span className="live-dot" aria-hidden="true" />
      {LABELS[state]}
      {error && state !== 'live' ? `: ${error}` : ''}
    </span>
  );
}
