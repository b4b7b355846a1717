import { JSONPath } from 'jsonpath-plus';

/** Longest JSONPath accepted in settings and filters. */
export const MAX_PATH_LENGTH = 500;

/**
 * Every value `path` selects in `json`, in document order; [] when nothing matches or the path cannot be
 * evaluated. Uses jsonpath-plus with its safe evaluator (filter expressions such as `[?(@.type=='email')]`
 * work; nothing can reach JavaScript globals).
 */
export function valuesAt(json: unknown, path: string): unknown[] {
  if (json === undefined) return [];
  try {
    const result: unknown = JSONPath({ path, json: json as object, wrap: true, eval: 'safe' });
    return Array.isArray(result) ? result : [];
  } catch {
    return [];
  }
}

/** The first value `path` selects, or undefined. */
export function firstValueAt(json: unknown, path: string): unknown {
  return valuesAt(json, path)[0];
}

/**
 * Why `path` is not usable as a JSONPath, or undefined when it is: it must start with `$`, be at most 500
 * characters, and evaluate (against an empty object) without an error.
 */
export function jsonPathProblem(path: string): string | undefined {
  if (!path.startsWith('$')) return 'must be a JSONPath starting with $ (e.g. $.data.email)';
  if (path.length > MAX_PATH_LENGTH) return `must be at most ${MAX_PATH_LENGTH} characters`;
  try {
    JSONPath({ path, json: {}, wrap: true, eval: 'safe' });
  } catch (error) {
    return `is not a valid JSONPath (${error instanceof Error ? error.message : 'unreadable'})`;
  }
  return undefined;
}
