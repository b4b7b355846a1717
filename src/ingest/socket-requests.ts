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
   * event whose answer cannot be written because an earlier answer closed the connection. Routes wait
   * through `awaitTurn`.
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
  /** The last response dispatched so far (open or closed). */
  lastResponse: ServerResponse | undefined;
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
      state = { open: new Set(), idle: [], lastResponse: undefined };
      sockets.set(socket, state);
    }
    return state;
  };
  const runIdle = (state: SocketState): void => {
    if (state.open.size > 0) return;
    for (const then of state.idle.splice(0)) then();
  };
  /**
   * Resolves when `response` has closed. Made only for a request pipelined behind an open response (rare),
   * so the usual request allocates no promise; the listener runs after `track`'s own, as `open` expects.
   */
  const closed = (state: SocketState, response: ServerResponse): Promise<void> =>
    state.open.has(response)
      ? new Promise((resolve) => response.once('close', () => resolve()))
      : Promise.resolve();
  return {
    track(request, response) {
      const state = stateOf(request.socket);
      state.last = request;
      const previous = state.lastResponse;
      if (state.open.size > 0 && previous !== undefined) turns.set(request, closed(state, previous));
      state.open.add(response);
      state.lastResponse = response;
      // `on`, not `once`: a response closes once, and `once` would wrap the listener for every request.
      response.on('close', () => {
        state.open.delete(response);
        runIdle(state);
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
      // Kept until the socket's next reader registers (the socket's `last` request is held as long): a
      // body that has arrived in full (`complete`) is never aborted, and only this request's route asks
      // `hasBodyReader` about it, so nothing needs forgetting when it ends.
      state.receiving = { request, controller };
      return controller.signal;
    },
    hasBodyReader(request) {
      const receiving = sockets.get(request.socket)?.receiving;
      return receiving?.request === request && !(request.readableEnded || request.destroyed);
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

/**
 * Waits for `request`'s turn on its socket (`SocketRequests.turn`): true when the route may act on it, at
 * once (no promise) when nothing is pipelined before it; false when an earlier answer on the socket closed
 * it: this request can then get no answer, so it is not acted on (HTTP clients retry requests pipelined
 * behind a closed connection). Both inbound routes (lean and Fastify) wait through this.
 */
export function awaitTurn(requests: SocketRequests, request: IncomingMessage): true | Promise<boolean> {
  const turn = requests.turn(request);
  return turn === undefined ? true : turn.then(() => request.socket.writable);
}
