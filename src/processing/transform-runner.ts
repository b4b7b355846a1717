import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Failure, Result } from '../errors/index.ts';

/**
 * Why a transform failed: `TRANSFORM_ERROR` (the expression or the sandbox failed) or `TRANSFORM_TIMEOUT`
 * (it ran past its time limit). The codes of flow runs (their `error`), not of the admin API's error table.
 */
export type TransformCode = 'TRANSFORM_ERROR' | 'TRANSFORM_TIMEOUT';

/** The result of a transform: its JSON value (undefined = the expression selected nothing), or a failure. */
export type TransformResult = Result<unknown, Failure<TransformCode>>;

/** A failed run; the message reads `CODE: …`, as every hookgate failure message. */
const transformFailure = (code: TransformCode, text: string): Failure<TransformCode> => ({
  ok: false,
  code,
  message: `${code}: ${text}`,
});
const transformError = (text: string) => transformFailure('TRANSFORM_ERROR', text);

/** Runs JSONata transforms in a sandbox with a time limit. */
export interface TransformRunner {
  run(
    expression: string,
    input: unknown,
    bindings: Readonly<Record<string, unknown>>,
  ): Promise<TransformResult>;
  /** Stops the sandbox processes; pending runs fail. */
  close(): Promise<void>;
}

/** Limits of the sandbox. */
export interface TransformLimits {
  /** Evaluation time limit per run (default 1000 ms). */
  readonly timeoutMs: number;
  /** Sandbox processes, i.e. transforms evaluated in parallel (default 2). */
  readonly processes: number;
  /** Heap limit of each sandbox (default 96 MB); a run that exceeds it fails and the sandbox is replaced. */
  readonly maxMemoryMb: number;
}

/** The limits JSONata enforces inside a sandbox (its first argument, as JSON). */
export interface SandboxLimits {
  readonly timeoutMs: number;
  /** JSONata's evaluation depth limit. */
  readonly maxDepth: number;
  /** JSONata's longest sequence (ranges, appends). */
  readonly maxSequence: number;
}

/** A request to a sandbox. */
export interface TransformRequest {
  readonly id: number;
  readonly expression: string;
  readonly input: unknown;
  readonly bindings: Readonly<Record<string, unknown>>;
}

/** A sandbox's answer; `json` is null when the expression yielded nothing. */
export type TransformReply =
  | { readonly id: number; readonly ok: true; readonly json: string | null }
  | { readonly id: number; readonly ok: false; readonly timedOut: boolean; readonly message: string };

const DEFAULT_LIMITS: TransformLimits = { timeoutMs: 1000, processes: 2, maxMemoryMb: 96 };

/** Extra time the watchdog allows a sandbox that is still starting (loading Node and JSONata). */
const STARTUP_GRACE_MS = 3000;

/** The sandbox module beside this one (`.ts` under type stripping, `.js` once built). */
function sandboxModule(): string {
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return fileURLToPath(new URL(`./transform-sandbox.${extension}`, import.meta.url));
}

interface Task {
  readonly request: Omit<TransformRequest, 'id'>;
  readonly resolve: (result: TransformResult) => void;
}

interface Slot {
  child: ChildProcess | null;
  current: { task: Task; timer: NodeJS.Timeout } | null;
}

/**
 * A pool of sandbox processes evaluating JSONata. Each run has the time limit twice over: JSONata's own
 * guardrail ends it with `TRANSFORM_TIMEOUT` after `timeoutMs`, and a watchdog kills the sandbox (replaced
 * on the next run) if it has not answered shortly after, e.g. inside one long native step. Sandboxes start
 * on first use, get an empty environment (no secrets), and never keep this process alive.
 */
export function createTransformRunner(limits: Partial<TransformLimits> = {}): TransformRunner {
  const { timeoutMs, processes, maxMemoryMb } = { ...DEFAULT_LIMITS, ...limits };
  const slots: Slot[] = Array.from({ length: Math.max(1, processes) }, () => ({
    child: null,
    current: null,
  }));
  const queue: Task[] = [];
  const sandboxLimits: SandboxLimits = { timeoutMs, maxDepth: 500, maxSequence: 100_000 };
  let nextId = 1;
  let closed = false;
  const timedOut = transformFailure(
    'TRANSFORM_TIMEOUT',
    `Transform stopped after ${timeoutMs} ms (endless loop?)`,
  );

  /** A sandbox keeps this process alive only while it has work. */
  const hold = (child: ChildProcess | null, held: boolean) => {
    if (held) child?.ref();
    else child?.unref();
    if (held) child?.channel?.ref();
    else child?.channel?.unref();
  };

  const complete = (slot: Slot, result: TransformResult) => {
    const current = slot.current;
    if (current === null) return;
    clearTimeout(current.timer);
    slot.current = null;
    hold(slot.child, false);
    current.task.resolve(result);
    pump();
  };

  const discard = (slot: Slot, child: ChildProcess, failed: Failure<TransformCode>) => {
    if (slot.child !== child) return;
    slot.child = null;
    child.kill('SIGKILL');
    complete(slot, failed);
  };

  const spawn = (slot: Slot): ChildProcess => {
    const child = fork(sandboxModule(), [JSON.stringify(sandboxLimits)], {
      env: {},
      execArgv: [`--max-old-space-size=${maxMemoryMb}`, '--disable-warning=ExperimentalWarning'],
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      serialization: 'json',
    });
    child.on('message', (reply: TransformReply) => {
      if (slot.child !== child) return;
      if (reply.ok)
        complete(slot, { ok: true, value: reply.json === null ? undefined : JSON.parse(reply.json) });
      else complete(slot, reply.timedOut ? timedOut : transformError(reply.message));
    });
    child.on('error', (error) => discard(slot, child, transformError(`Sandbox failed (${error.message})`)));
    child.on('exit', () => discard(slot, child, transformError('Sandbox ended (out of memory?)')));
    return child;
  };

  function pump(): void {
    for (const slot of slots) {
      if (closed || queue.length === 0) return;
      if (slot.current !== null) continue;
      const task = queue.shift();
      if (task === undefined) return;
      const starting = slot.child === null;
      slot.child ??= spawn(slot);
      const child = slot.child;
      const limit = timeoutMs + Math.max(250, timeoutMs) + (starting ? STARTUP_GRACE_MS : 0);
      const timer = setTimeout(() => discard(slot, child, timedOut), limit);
      timer.unref();
      slot.current = { task, timer };
      hold(child, true);
      child.send({ id: nextId++, ...task.request } satisfies TransformRequest);
    }
  }

  return {
    run(expression, input, bindings) {
      if (closed) return Promise.resolve(transformError('Transform runner is closed'));
      return new Promise((resolve) => {
        queue.push({ request: { expression, input, bindings }, resolve });
        pump();
      });
    },
    async close() {
      closed = true;
      for (const task of queue.splice(0)) task.resolve(transformError('Runner closed'));
      for (const slot of slots) {
        if (slot.child !== null) discard(slot, slot.child, transformError('Runner closed'));
      }
    },
  };
}
