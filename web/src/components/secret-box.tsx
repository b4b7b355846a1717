import { CopyButton } from './copy-button.tsx';

interface SecretBoxProps {
  readonly label: string;
  readonly value: string;
  readonly copyLabel: string;
  /** `secret` (the shown-once secret, with its test id) or `url`. */
  readonly kind?: 'secret' | 'url';
}

/** A labelled value to copy: a secret shown once, or the URL that goes with it. */
export function SecretBox({ label, value, copyLabel, kind = 'secret' }: SecretBoxProps) {
  return (
    <div className="secret-box">
      <div className="secret-head">
        <span className="label">{label}</span>
        <CopyButton value={value} label={copyLabel} />
      </div>
      <code className={kind} data-testid={kind === 'secret' ? 'new-secret' : undefined}>
        {value}
      </code>
    </div>
  );
}
