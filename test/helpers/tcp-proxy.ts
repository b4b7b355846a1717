import { createConnection, createServer, type Socket } from 'node:net';

/** A TCP proxy on 127.0.0.1 that a test can cut and restore, to play a network outage. */
export interface TcpProxy {
  /** The port it listens on (random). */
  readonly port: number;
  /** Resets every live connection (both sides) and resets every new one at once, until `restore()`. */
  cut(): void;
  /** Forwards new connections again. */
  restore(): void;
  /** Resets every connection and stops listening. */
  close(): Promise<void>;
}

/**
 * Starts a proxy forwarding bytes unchanged to `target`. While cut, it behaves as a peer that went away: a
 * live connection gets a TCP reset (the client reads ECONNRESET mid-query), and a new connection is accepted
 * and reset before a byte is exchanged (the client cannot connect).
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const live = new Set<Socket>();
  let cut = false;
  const track = (socket: Socket): void => {
    live.add(socket);
    socket.on('close', () => live.delete(socket));
    // A reset is what this proxy is for; either side seeing one is expected.
    socket.on('error', () => {});
  };
  const server = createServer((client) => {
    track(client);
    if (cut) {
      client.resetAndDestroy();
      return;
    }
    const upstream = createConnection(target);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    // One side gone: finish the other after what is still buffered for it.
    client.on('close', () => upstream.end());
    upstream.on('close', () => client.end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP address');
  const resetAll = (): void => {
    for (const socket of live) if (!socket.destroyed) socket.resetAndDestroy();
  };
  return {
    port: address.port,
    cut() {
      cut = true;
      resetAll();
    },
    restore() {
      cut = false;
    },
    close() {
      resetAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
