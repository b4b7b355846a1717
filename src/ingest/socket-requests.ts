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
   * Registers a route that reads `request`'s body itself: the returned signal is aborted, with the parser's
   * error as its reason, when the body can no longer arrive (broken chunking, truncation, request timeout).
   */
  expectBody(request: IncomingMessage): AbortSignal;
  /** Aborts the body being received on `socket` (see `expectBody`); false when there is none. */
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
      state.receiving = { request, controller };
      const forget = (): void => {
        if (state.receiving?.request === request) state.receiving = undefined;
      };
      request.once('end', forget);
      request.once('close', forget);
      return controller.signal;
    },
    failBody(socket, reason) {
      const receiving = sockets.get(socket)?.receiving;
      if (receiving === undefined || receiving.request.complete) return false;
      receiving.controller.abort(reason);
      return true;
    },
    whenIdle(socket, then) {
      const state = stateOf(socket);
      state.idle.push(then);
      runIdle(state);
    },
  };
}
