import type { Selectable } from 'kysely';

/**
 * Records are derived from their Kysely table types: a record has every column of its table under the
 * column's camelCase name, with the column's type, except the columns the store parses into a domain type
 * (JSON text, 0/1 booleans, narrowed strings) and the columns it keeps to itself (lease bookkeeping). A
 * column added to a table is therefore a field of its record at once, and its mapper (`to…`/`from…` in the
 * `*-rows.ts` files, one pair per entity) fails to compile until it maps the column.
 */

/** `snake_case` → `camelCase`. */
export type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

/** The field names of a record of `Table`: its column names in camelCase. */
export type ColumnFields<Table> = CamelCase<Extract<keyof Table, string>>;

/** Every column of `Table` as a read-only camelCase field with its selected type. */
type Columns<Table> = {
  readonly [Column in Extract<
    keyof Selectable<Table>,
    string
  > as CamelCase<Column>]: Selectable<Table>[Column];
};

/** Flattens an intersection so editors show one object type. */
type Flat<T> = { [K in keyof T]: T[K] } & {};

/**
 * The record of `Table`: its columns (see the file comment), with the fields of `Domain` replaced by their
 * domain types and the fields named in `Hidden` left out. `Domain` may only name columns of the table.
 */
export type RecordOf<
  Table,
  Domain extends { [Field in keyof Domain]: Field extends ColumnFields<Table> ? unknown : never } = object,
  Hidden extends ColumnFields<Table> = never,
> = Flat<Omit<Columns<Table>, keyof Domain | Hidden> & Domain>;
