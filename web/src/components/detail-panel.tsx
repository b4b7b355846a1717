import { type ReactNode, useEffect, useId, useRef } from 'react';

interface DetailPanelProps {
  /** Heading of the panel, e.g. "Request detail"; the close button is labelled "Close request detail". */
  readonly title: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
}

/** The detail section under a list: a focused heading, a close button, then the facts. */
export function DetailPanel({ title, onClose, children }: DetailPanelProps) {
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
  }, []);

  return (
    <section className="detail" aria-labelledby={headingId}>
      <div className="detail-header">
        <h3 id={headingId} ref={heading} tabIndex={-1}>
          {title}
        </h3>
        <button
          type="button"
          className="icon-button"
          aria-label={`Close ${title.toLowerCase()}`}
          onClick={onClose}
        >
          ×
        </button>
      </div>
      {children}
    </section>
  );
}
