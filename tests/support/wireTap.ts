import * as net from "node:net";

/**
 * A TCP relay on a loopback address in front of a server (here: the proxy), recording every byte each
 * way — what a network observer between the client and the proxy, or the proxy itself, saw. It
 * can stop listening and listen again on the same port (a proxy that goes down and comes back).
 */
export interface WireTap {
  readonly port: number;
  /** Bytes the clients sent, all connections in order of arrival. */
  readonly fromClients: () => Buffer;
  /** Bytes the server sent back. */
  readonly toClients: () => Buffer;
  /** Connections accepted so far. */
  readonly connections: () => number;
  /** Stops listening and cuts every open connection (connections are then refused). */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

/**
 * @param targetPort the server's port on 127.0.0.1.
 * @param at where to listen. @default 127.0.0.1, any free port
 */
export async function startWireTap(targetPort: number, at: { host: string; port: number } = { host: "127.0.0.1", port: 0 }): Promise<WireTap> {
  const sent: Buffer[] = [];
  const received: Buffer[] = [];
  const open = new Set<net.Socket>();
  let connections = 0;
  let server: net.Server | undefined;
  let port = at.port;

  const listen = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (server !== undefined) return resolve();
      const s = net.createServer((client) => {
        connections++;
        const upstream = net.connect(targetPort, "127.0.0.1");
        open.add(client).add(upstream);
        client.on("data", (d: Buffer) => sent.push(Buffer.from(d)));
        upstream.on("data", (d: Buffer) => received.push(Buffer.from(d)));
        client.pipe(upstream).pipe(client);
        const end = (): void => {
          client.destroy();
          upstream.destroy();
          open.delete(client);
          open.delete(upstream);
        };
        client.on("error", end).on("close", end);
        upstream.on("error", end).on("close", end);
      });
      s.once("error", reject);
      s.listen(port, at.host, () => {
        s.off("error", reject);
        server = s;
        port = (s.address() as net.AddressInfo).port;
        resolve();
      });
    });
  const down = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const s = server;
      server = undefined;
      for (const socket of open) socket.destroy();
      open.clear();
      if (s === undefined) resolve();
      else s.close(() => resolve());
    });

  await listen();
  return {
    port,
    fromClients: () => Buffer.concat(sent),
    toClients: () => Buffer.concat(received),
    connections: () => connections,
    down,
    up: listen,
    close: down,
  };
}
