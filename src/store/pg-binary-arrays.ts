import { withoutNul } from './row-mappers.ts';

/**
 * The element types the PostgreSQL batch writer binds as whole columns (one array parameter per column):
 * `text`, `bytea`, `bigint` (int8) and `integer` (int4).
 */
export type PgArrayType = 'text' | 'bytea' | 'bigint' | 'integer';

/** One column to bind: its element type and its values (`null` / `undefined` are SQL NULL). */
export interface PgArrayColumn {
  readonly type: PgArrayType;
  readonly values: readonly unknown[];
}

/** Element type OIDs (pg_type) of each array type. */
const ELEMENT_OID: Readonly<Record<PgArrayType, number>> = { text: 25, bytea: 17, bigint: 20, integer: 23 };

/** Bytes of the array header: ndim, has-nulls flag, element OID, then one dimension's length and lower bound. */
const HEADER_BYTES = 20;

/** 2^32, to split an int8 into two 32-bit words (JS numbers hold integers up to 2^53 exactly). */
const WORD = 0x1_0000_0000;

/**
 * Columns of values as PostgreSQL arrays in the binary wire format (`array_send`), one Buffer per column,
 * all views of one allocation. `pg` sends a Buffer parameter in binary, and a statement that casts the
 * parameter (`$1::text[]`) makes the server read it with `array_recv`. Compared with the text form of an
 * array (`{"…","…"}`) nothing is quoted, escaped or hex-encoded (a bytea body is copied as is) on either
 * side; compared with one parameter per value, the statement text is the same for every batch size (parsed
 * and planned once per connection).
 *
 * Text is written as UTF-8 with U+0000 replaced by U+FFFD (PostgreSQL text cannot hold it; the same
 * mapping as every other bound string, see `textSafeParameter`). Integers must be safe integers (int4: in
 * 32-bit range); anything else throws a RangeError, which the group commit treats as the item's own failure.
 */
export function pgBinaryArrays(columns: readonly PgArrayColumn[]): Buffer[] {
  // First pass: every element's size (texts mapped once and kept), and each column's total.
  const sizes: Int32Array[] = [];
  const texts: (string | null)[][] = [];
  const totals: number[] = [];
  let total = 0;
  for (const { type, values } of columns) {
    const columnSizes = new Int32Array(values.length);
    const columnTexts: (string | null)[] = [];
    let columnTotal = HEADER_BYTES + 4 * values.length;
    for (let index = 0; index < values.length; index++) {
      const value = values[index];
      let size: number;
      if (value === null || value === undefined) size = -1;
      else if (type === 'text') {
        const text = withoutNul(textOf(value));
        columnTexts[index] = text;
        size = Buffer.byteLength(text, 'utf8');
      } else if (type === 'bytea') size = bytesOf(value).byteLength;
      else size = type === 'bigint' ? 8 : 4;
      columnSizes[index] = size;
      if (size > 0) columnTotal += size;
    }
    sizes.push(columnSizes);
    texts.push(columnTexts);
    totals.push(columnTotal);
    total += columnTotal;
  }
  // Second pass: write each column into its slice of one buffer.
  const slab = Buffer.allocUnsafe(total);
  const out: Buffer[] = [];
  let start = 0;
  columns.forEach(({ type, values }, column) => {
    const columnSizes = sizes[column] ?? new Int32Array(0);
    const columnTexts = texts[column] ?? [];
    let offset = start;
    slab.writeInt32BE(1, offset);
    slab.writeInt32BE(columnSizes.includes(-1) ? 1 : 0, offset + 4);
    slab.writeInt32BE(ELEMENT_OID[type], offset + 8);
    slab.writeInt32BE(values.length, offset + 12);
    slab.writeInt32BE(1, offset + 16);
    offset += HEADER_BYTES;
    for (let index = 0; index < values.length; index++) {
      const size = columnSizes[index] ?? -1;
      slab.writeInt32BE(size, offset);
      offset += 4;
      if (size < 0) continue;
      if (type === 'text') {
        offset += slab.write(columnTexts[index] ?? '', offset, size, 'utf8');
      } else if (type === 'bytea') {
        slab.set(bytesOf(values[index]), offset);
        offset += size;
      } else if (type === 'bigint') {
        const number = integerOf(values[index], Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
        const high = Math.floor(number / WORD);
        slab.writeInt32BE(high, offset);
        slab.writeUInt32BE(number - high * WORD, offset + 4);
        offset += 8;
      } else {
        slab.writeInt32BE(integerOf(values[index], -0x8000_0000, 0x7fff_ffff), offset);
        offset += 4;
      }
    }
    const end = start + (totals[column] ?? 0);
    out.push(slab.subarray(start, end));
    start = end;
  });
  return out;
}

/** A text element: strings as they are; numbers and booleans in their SQL spelling. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new TypeError(`cannot bind a ${typeof value} as text`);
}

/** A bytea element: any byte view. */
function bytesOf(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  throw new TypeError(`cannot bind a ${typeof value} as bytea`);
}

/** An integer element within [min, max]. */
function integerOf(value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`cannot bind ${String(value)} as an integer in [${min}, ${max}]`);
  }
  return value;
}
