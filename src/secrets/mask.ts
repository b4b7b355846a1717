/** The character placed between the visible head and tail of a masked secret. */
export const MASK_ELLIPSIS = '…';

/** Secrets at least this long (in characters) are shown as first 6 + `…` + last 4. */
const FULL_PREVIEW_MIN_LENGTH = 16;

/** For shorter secrets, at most this fraction of the characters is revealed. */
const SHORT_REVEAL_FRACTION = 0.4;

/**
 * Masks a secret for display (`secretPreview`), e.g. `a1b2c3…wxyz`.
 *
 * Rule:
 * - 16 characters or more: the first 6 and the last 4 characters.
 * - Shorter: `floor(40 % of the length)` characters are revealed, split 60/40 between head and tail
 *   (head = ceil(60 % of that budget)): 15 chars → 4 + 2, 10 → 3 + 1, 5 → 2 + 0, under 3 → nothing.
 *
 * Lengths count Unicode code points, so a surrogate pair is never cut in half.
 */
export function maskSecret(secret: string): string {
  const chars = Array.from(secret);
  const n = chars.length;
  let head: number;
  let tail: number;
  if (n >= FULL_PREVIEW_MIN_LENGTH) {
    head = 6;
    tail = 4;
  } else {
    const budget = Math.floor(n * SHORT_REVEAL_FRACTION);
    head = Math.ceil(budget * 0.6);
    tail = budget - head;
  }
  return `${chars.slice(0, head).join('')}${MASK_ELLIPSIS}${tail > 0 ? chars.slice(n - tail).join('') : ''}`;
}
