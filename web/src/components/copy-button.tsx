import { useEffect, useState } from 'react';

interface CopyButtonProps {
  readonly value: string;
  /** The button's accessible name, e.g. "Copy the inbound URL". */
  readonly label: string;
  /** The visible text; "Copy" by default. */
  readonly text?: string;
}

/** Copies `value` to the clipboard and says so in a live region. */
export function CopyButton({ value, label, text = 'Copy' }: CopyButtonProps) {
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (status === 'idle') return;
    const timer = setTimeout(() => setStatus('idle'), 2500);
    return () => clearTimeout(timer);
  }, [status]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setStatus('copied');
    } catch {
      setStatus('failed');
    }
  }

  return (
    <span className="copy">
      <button type="button" className="secondary small" onClick={copy} aria-label={label}>
        {text}
      </button>
      <span className="copy-status" role="status">
        {status === 'copied' && 'Copied'}
        {status === 'failed' && 'Copy failed: select the text and copy it'}
      </span>
    </span>
  );
}
