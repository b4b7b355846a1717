/** Units of a relative time: `30s`, `30m`, `2h`, `7d`. */
const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A `--since` / `--until` value as an ISO time: an ISO time as given, or a duration before `now`
 * (`30m`, `2h`, `7d`); null when it is neither.
 */
export function timeArg(value: string, now: number): string | null {
  const relative = /^(\d+)([smhd])$/.exec(value.trim());
  if (relative) {
    const [, amount, unit] = relative;
    return new Date(now - Number(amount) * (UNIT_MS[unit ?? ''] ?? 0)).toISOString();
  }
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}
