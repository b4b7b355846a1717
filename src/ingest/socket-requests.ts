import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * What the server knows about the requests on each client socket, so that a request Node's parser gives
 * up on (a malformed or timed-out request, `clientError`) is answered in order and only once: after the
 * answers to the requests before it on the same keep-alive socket (a sender whose event was stored sees
 * its 202), and by the route itself when the failure is in the body of a request already routed (that
 * request's history row and answer say what happened, instead of a second row from the error handler).
 */
export interface SocketRequests {
  /** Notes a request the server dispatched; its response is pending until it closes. */
  track(request: IncomingMessage, response: ServerResponse): void;
  /**
   * Resolves when the responses to the requests before `request` on its socket (pipelined) have closed;
   * undefined when there are none to wait for (the usual case). Node parses pipelined requests at once but
   * writes their answers in order, so a route that acts on a request only after its turn never stores an
   * event whose answer cannot be written because an earlier answer closed the connection.
   */
  turn(request: IncomingMessage): Promise<void> | undefined;
  /**
   * Registers a reader of `request`'s body (the inbound route's own, or Fastify's body parser through
   * `abortableBodies`): the returned signal is aborted, with the parser's error as its reason, when the body
   * can no longer arrive (broken chunking, truncation, request timeout), at once if that already happened.
   */
  expectBody(request: IncomingMessage): AbortSignal;
  /** True when a reader of `request`'s body is registered (`expectBody`). */
  hasBodyReader(request: IncomingMessage): boolean;
  /**
   * Tells the registry that Node's parser gave up on `socket` with `reason`: the body being received, if
   * any, can no longer arrive, so its reader is aborted (now or when it registers). True when the last
   * request dispatched on the socket had not arrived in full: the failure is in its body, and its route
   * answers it (reading the body fails; a route that ignores the body answers as usual). False when the
   * failure is in the head of a request not yet dispatched, which only the caller can answer.
   */
  failBody(socket: Socket, reason: Error): boolean;
  /** Runs `then` once every response dispatched on `socket` so far has closed (at once when none is open). */
  whenIdle(socket: Socket, then: () => void): void;
}

interface SocketState {
  readonly open: Set<ServerResponse>;
  /** Resolves when the last response dispatched so far has closed. */
  lastClosed: Promise<void> | undefined;
  readonly idle: (() => void)[];
  receiving?: { readonly request: IncomingMessage; readonly controller: AbortController } | undefined;
  /** The last request dispatched on the socket. */
  last?: IncomingMessage | undefined;
  /** Why Node's parser gave up on the socket, once it has. */
  failure?: Error | undefined;
}

/** Creates the registry; state is kept per socket and dropped with it. */
export function createSocketRequests(): SocketRequests {
  const sockets = new WeakMap<Socket, SocketState>();
  const turns = new WeakMap<IncomingMessage, Promise<void>>();
  const stateOf = (socket: Socket): SocketState => {
    let state = sockets.get(socket);
    if (state === undefined) {
      state = { open: new Set(), idle: [], lastClosed: undefined };
      sockets.set(socket, state);
    }
    return state;
  };
  const runIdle = (state: SocketState): void => {
    if (state.open.size > 0) return;
    for (const then of state.idle.splice(0)) then();
  };
  return {
    track(request, response) {
      const state = stateOf(request.socket);
      state.last = request;
      if (state.open.size > 0 && state.lastClosed !== undefined) turns.set(request, state.lastClosed);
      state.open.add(response);
      state.lastClosed = new Promise((resolve) => {
        response.once('close', () => {
          state.open.delete(response);
          runIdle(state);
          resolve();
        });
      });
    },
    turn(request) {
      return turns.get(request);
    },
    expectBody(request) {
      const state = stateOf(request.socket);
      const controller = new AbortController();
      if (state.failure !== undefined) {
        controller.abort(state.failure);
        return controller.signal;
      }
      state.receiving = { request, controller };
      const forget = (): void => {
        if (state.receiving?.request === request) state.receiving = undefined;
      };
      request.once('end', forget);
      request.once('close', forget);
      return controller.signal;
    },
    hasBodyReader(request) {
      return sockets.get(request.socket)?.receiving?.request === request;
    },
    failBody(socket, reason) {
      const state = stateOf(socket);
      state.failure = reason;
      const receiving = state.receiving;
      if (receiving !== undefined && !receiving.request.complete) receiving.controller.abort(reason);
      return state.last !== undefined && !state.last.complete;
    },
    whenIdle(socket, then) {
      const state = stateOf(socket);
      state.idle.push(then);
      runIdle(state);
    },
  };
}
