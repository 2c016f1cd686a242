import { createServer } from "node:net";

/**
 * A loopback TCP port that was free a moment ago. Redis cannot be asked for an
 * ephemeral port (port 0 disables TCP) and replication needs TCP, so the caller
 * must retry if another process takes the port in between.
 */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === "object") resolve(address.port);
        else reject(new Error("Could not read the port of a probe listener"));
      });
    });
  });
}
