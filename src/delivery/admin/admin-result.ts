/** A record plus the credential hookgate generated for it: present only when generated, shown once. */
export interface WithSecret<T> {
  readonly record: T;
  readonly secret?: string;
}

/** Rotation options: a given credential (endpoints only) and how long the old one keeps signing. */
export interface RotateInput {
  readonly secret?: string | undefined;
  /** Seconds during which the previous version still signs (multi-signature styles); default 0. */
  readonly graceSeconds?: number | undefined;
}
