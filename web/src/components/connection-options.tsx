interface ConnectionOptionsProps {
  readonly connections: readonly { readonly id: string; readonly name: string }[];
  /** The chosen id: listed by itself when it is not among `connections` (deleted, or beyond the first page). */
  readonly selected: string;
}

/** The `<option>`s of a connection picker: each connection by name, and a chosen id that is not loaded. */
export function ConnectionOptions({ connections, selected }: ConnectionOptionsProps) {
  return (
    <>
      {selected && !connections.some((c) => c.id === selected) && (
        <option value={selected}>{selected}</option>
      )}
      {connections.map((connection) => (
        <option key={connection.id} value={connection.id}>
          {connection.name}
        </option>
      ))}
    </>
  );
}
