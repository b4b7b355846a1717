import { useMemo } from 'react';
import type { ConnectionSchema } from '../api/processing-types.ts';
import {
  depthOf,
  describeType,
  isScalarType,
  parsePath,
  previewValue,
  sampleValueAt,
  schemaNodeAt,
} from '../lib/json-paths.ts';

export interface SampleField {
  readonly path: string;
  readonly type: string;
  readonly depth: number;
  readonly value: unknown;
  readonly pickable: boolean;
}

/** The paths of the captured sample with their inferred type and the sample's value. */
export function fieldsOf(schema: ConnectionSchema): SampleField[] {
  return schema.paths.map((path) => {
    const steps = parsePath(path) ?? [];
    const type = describeType(schemaNodeAt(schema.schema, steps));
    const value = sampleValueAt(schema.sample, steps);
    return { path, type, depth: depthOf(steps), value, pickable: isScalarType(type) };
  });
}

interface SampleFieldsProps {
  readonly schema: ConnectionSchema;
  readonly currentPath: string | null;
  readonly onPick: (field: SampleField) => void;
}

/** The inferred fields; clicking a scalar field picks its path as the contact identifier. */
export function SampleFields({ schema, currentPath, onPick }: SampleFieldsProps) {
  const fields = useMemo(() => fieldsOf(schema), [schema]);
  if (fields.length === 0)
    return <p className="muted">The sample has no fields (it is not a JSON object).</p>;
  return (
    <table className="table compact fields-table">
      <caption className="help">Click a field to use it as the contact identifier.</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Type</th>
          <th scope="col">Sample value</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((field) => {
          const current = field.path === currentPath;
          return (
            <tr key={field.path} className={current ? 'selected' : undefined} data-path={field.path}>
              <th scope="row" style={{ paddingLeft: `${0.5 + field.depth * 1.1}rem` }}>
                {field.pickable ? (
                  <button
                    type="button"
                    className="link-button mono"
                    aria-label={`Use ${field.path} as the contact identifier`}
                    onClick={() => onPick(field)}
                  >
                    {field.path}
                  </button>
                ) : (
                  <span className="mono muted">{field.path}</span>
                )}
                {current && <span className="badge badge-good field-badge">Identifier</span>}
              </th>
              <td className="muted">{field.type}</td>
              <td className="mono value-cell">{previewValue(field.value)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
