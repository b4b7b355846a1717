import type { ForwardSummary } from '../api/types.ts';

const LABELS: Record<ForwardSummary['status'], string> = {
  pending: 'Pending',
  delivered: 'Delivered',
  failed: 'Failed',
  dead: 'Dead',
};

/** A forward status as people read it. */
export function forwardLabel(status: string): string {
  return LABELS[status as ForwardSummary['status']] ?? status;
}

/** The badge tone of a forward status. */
export function forwardTone(status: string): 'good' | 'warn' | 'bad' | 'muted' {
  if (status === 'delivered') return 'good';
  if (status === 'pending') return 'warn';
  return status === 'failed' || status === 'dead' ? 'bad' : 'muted';
}
