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
  // First pass: each column's encoded form minus the bytes (texts mapped once, sizes measured).
  const measured = columns.map(measure);
  let total = 0;
  for (const column of measured) total += column.bytes;
  // Second pass: every column written into its slice of one buffer.
  const slab = Buffer.allocUnsafe(total);
  const out: Buffer[] = [];
  let start = 0;
  for (const column of measured) {
    const end = start + column.bytes;
    const view = slab.subarray(start, end);
    writeHeader(view, column);
    column.write(view);
    out.push(view);
    start = end;
  }
  return out;
}

/** A column ready to be written: its size in bytes, whether it holds NULLs, and its element writer. */
interface MeasuredColumn {
  readonly type: PgArrayType;
  readonly length: number;
  readonly hasNulls: boolean;
  readonly bytes: number;
  /** Writes the elements (each a 4-byte length, -1 for NULL, then its bytes) after the header. */
  write(view: Buffer): void;
}

/** Measures one column, with a writer specialised to its type (each stays monomorphic). */
function measure({ type, values }: PgArrayColumn): MeasuredColumn {
  if (type === 'text') return measureText(values);
  if (type === 'bytea') return measureBytes(values);
  return measureIntegers(type, values);
}

function writeHeader(view: Buffer, { type, length, hasNulls }: MeasuredColumn): void {
  view.writeInt32BE(1, 0);
  view.writeInt32BE(hasNulls ? 1 : 0, 4);
  view.writeInt32BE(ELEMENT_OID[type], 8);
  view.writeInt32BE(length, 12);
  view.writeInt32BE(1, 16);
}

function measureText(values: readonly unknown[]): MeasuredColumn {
  const texts: (string | null)[] = new Array<string | null>(values.length);
  const sizes = new Int32Array(values.length);
  let bytes = HEADER_BYTES + 4 * values.length;
  let hasNulls = false;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (value === null || value === undefined) {
      texts[index] = null;
      sizes[index] = -1;
      hasNulls = true;
      continue;
    }
    const text = withoutNul(textOf(value));
    const size = Buffer.byteLength(text, 'utf8');
    texts[index] = text;
    sizes[index] = size;
    bytes += size;
  }
  return {
    type: 'text',
    length: values.length,
    hasNulls,
    bytes,
    write(view) {
      let offset = HEADER_BYTES;
      for (let index = 0; index < texts.length; index++) {
        const size = sizes[index] ?? -1;
        view.writeInt32BE(size, offset);
        offset += 4;
        const text = texts[index];
        if (text === null || text === undefined) continue;
        view.write(text, offset, size, 'utf8');
        offset += size;
      }
    },
  };
}

function measureBytes(values: readonly unknown[]): MeasuredColumn {
  const arrays: (Uint8Array | null)[] = new Array<Uint8Array | null>(values.length);
  let bytes = HEADER_BYTES + 4 * values.length;
  let hasNulls = false;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (value === null || value === undefined) {
      arrays[index] = null;
      hasNulls = true;
      continue;
    }
    const array = bytesOf(value);
    arrays[index] = array;
    bytes += array.byteLength;
  }
  return {
    type: 'bytea',
    length: values.length,
    hasNulls,
    bytes,
    write(view) {
      let offset = HEADER_BYTES;
      for (const array of arrays) {
        if (array === null) {
          view.writeInt32BE(-1, offset);
          offset += 4;
          continue;
        }
        view.writeInt32BE(array.byteLength, offset);
        view.set(array, offset + 4);
        offset += 4 + array.byteLength;
      }
    },
  };
}

function measureIntegers(type: 'bigint' | 'integer', values: readonly unknown[]): MeasuredColumn {
  const wide = type === 'bigint';
  const numbers: (number | null)[] = new Array<number | null>(values.length);
  let hasNulls = false;
  let present = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (value === null || value === undefined) {
      numbers[index] = null;
      hasNulls = true;
      continue;
    }
    numbers[index] = wide
      ? integerOf(value, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)
      : integerOf(value, -0x8000_0000, 0x7fff_ffff);
    present += 1;
  }
  return {
    type,
    length: values.length,
    hasNulls,
    bytes: HEADER_BYTES + 4 * values.length + present * (wide ? 8 : 4),
    write(view) {
      let offset = HEADER_BYTES;
      for (const number of numbers) {
        if (number === null) {
          view.writeInt32BE(-1, offset);
          offset += 4;
        } else if (wide) {
          const high = Math.floor(number / WORD);
          view.writeInt32BE(8, offset);
          view.writeInt32BE(high, offset + 4);
          view.writeUInt32BE(number - high * WORD, offset + 8);
          offset += 12;
        } else {
          view.writeInt32BE(4, offset);
          view.writeInt32BE(number, offset + 4);
          offset += 8;
        }
      }
    },
  };
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
