/** The paging flags of every list command. */
export interface PageFlags {
  readonly limit: string;
  readonly cursor?: string | undefined;
}

/** The query of a list call: the page size as a number, and the cursor when given. */
export function pageQuery(flags: PageFlags): { limit: number; cursor?: string } {
  return { limit: Number(flags.limit), ...(flags.cursor && { cursor: flags.cursor }) };
}

/** `values` without the flags left unset or empty, so an empty filter asks for everything. */
export function given<T extends Record<string, string | undefined>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => Boolean(value))) as Partial<T>;
}
