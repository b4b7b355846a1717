import jsonata from 'jsonata';
import type { SandboxLimits, TransformReply, TransformRequest } from './transform-runner.ts';

/**
 * The transform sandbox: a child process (own heap with a size limit, an empty environment, killed by the
 * runner when it overruns) that evaluates JSONata expressions sent over IPC. JSONata itself has no access
 * to JavaScript globals, modules or I/O; its guardrails end long evaluations (D1012), deep recursion
 * (D1011) and huge sequences (D2015) cleanly, and the runner's watchdog kills the process if one step
 * blocks longer than that. Running out of heap ends only this process.
 */

const { timeoutMs, maxDepth, maxSequence } = JSON.parse(process.argv[2] ?? '{}') as SandboxLimits;

/** Compiled expressions, most recently used last; bounded so flows with many revisions do not grow it. */
const compiled = new Map<string, jsonata.Expression>();
const MAX_COMPILED = 200;

/** The compiled expression for `source` (a syntax error throws JSONata's error object). */
function expressionFor(source: string): jsonata.Expression {
  const cached = compiled.get(source);
  if (cached !== undefined) {
    compiled.delete(source);
    compiled.set(source, cached);
    return cached;
  }
  const expression = jsonata(source, { timeout: timeoutMs, stack: maxDepth, sequence: maxSequence });
  if (compiled.size >= MAX_COMPILED) {
    const oldest = compiled.keys().next().value;
    if (oldest !== undefined) compiled.delete(oldest);
  }
  compiled.set(source, expression);
  return expression;
}

/** A JSONata error (plain object with `code`/`message`) or a JS error, as a reply. */
function failure(id: number, error: unknown): TransformReply {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  const text =
    typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
  if (code === 'D1012') return { id, ok: false, timedOut: true, message: text };
  return { id, ok: false, timedOut: false, message: code === undefined ? text : `${code}: ${text}` };
}

/** Evaluates one request; the result travels as JSON text (`undefined` when the expression yields nothing). */
async function evaluate(request: TransformRequest): Promise<TransformReply> {
  try {
    const result: unknown = await expressionFor(request.expression).evaluate(request.input, request.bindings);
    return { id: request.id, ok: true, json: result === undefined ? null : (JSON.stringify(result) ?? null) };
  } catch (error) {
    return failure(request.id, error);
  }
}

process.on('message', (request: TransformRequest) => {
  void evaluate(request).then((reply) => process.send?.(reply));
});
process.on('disconnect', () => process.exit(0));
