import { strict as assert } from "node:assert";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { CLIENT_DEFAULTS } from "../../../provider/settings/clientOptions";
import { DcsClient } from "../../../provider/dcs/dcsClient";
import { ResponseFormatError } from "../../../provider/dcs/apiErrors";
import { resolveSettings } from "../../../provider/settings/settings";

const PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const TASK = "f4e5c7b0-1a2b-4c3d-9e8f-0123456789ab";
const HUGE = 50 * 1024 * 1024;
const CHUNK = 64 * 1024;
const CAP = CLIENT_DEFAULTS.maxResponseBytes;

/** What a streaming server managed to hand to the kernel before the client hung up. */
interface StreamRecord {
  bytesWritten: number;
  finished: boolean;
  closed: Promise<void>;
}

/**
 * A server that sends a 50 MB 200 answer slowly (one 64 KiB chunk every few ms), so the
 * client must decide while the body is still coming; counts the bytes it wrote.
 */
async function startStreamingServer(announceLength: boolean): Promise<{ url: string; streams: StreamRecord[]; close(): Promise<void> }> {
  const streams: StreamRecord[] = [];
  const server = http.createServer((_req, res) => {
    let markClosed: () => void = () => undefined;
    const record: StreamRecord = { bytesWritten: 0, finished: false, closed: new Promise<void>((r) => (markClosed = r)) };
    streams.push(record);
    const headers: Record<string, string | number> = { "Content-Type": "application/json", "X-Request-Id": "req-huge" };
    if (announceLength) headers["Content-Length"] = HUGE;
    res.writeHead(200, headers);
    const chunk = Buffer.alloc(CHUNK, 0x20);
    const timer = setInterval(() => {
      if (res.destroyed || record.bytesWritten >= HUGE) {
        clearInterval(timer);
        if (!res.destroyed) {
          record.finished = true;
          res.end();
        }
        return;
      }
      res.write(chunk);
      record.bytesWritten += chunk.length;
    }, 2);
    res.on("close", () => {
      clearInterval(timer);
      markClosed();
    });
    res.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    streams,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe("the client's response size cap, against a server streaming 50 MB", function () {
  this.timeout(60_000);

  for (const announce of [false, true]) {
    it(`refuses the body ${announce ? "announced by Content-Length at once" : "sent chunked once 1 MiB has arrived"} without reading the rest`, async () => {
      const server = await startStreamingServer(announce);
      const settings = resolveSettings({ endpoint: server.url, projectId: PROJECT, accessKey: "HPUACAPTEST000000001", secretKey: "cap-test-secret-0001" }, { env: {} });
      const client = new DcsClient(settings, { env: {} });
      try {
        const started = Date.now();
        const error = await client.getMigrationStats(TASK).then(
          () => assert.fail("a 50 MB body was accepted"),
          (e: unknown) => e,
        );
        const ms = Date.now() - started;
        assert.ok(error instanceof ResponseFormatError, `expected ResponseFormatError, got ${String(error)}`);
        assert.match(error.message, new RegExp(`larger than ${CAP} bytes`));
        assert.match(error.message, /request id req-huge/);
        assert.equal(server.streams.length, 1, "a too-large body is permanent: no retry");
        const stream = server.streams[0]!;
        await stream.closed;
        assert.equal(stream.finished, false, "the client hung up before the server finished");
        // The cap plus what loopback socket buffers hold; far below the 50 MB on offer.
        const limit = announce ? 4 * CHUNK : CAP + 4 * 1024 * 1024;
        assert.ok(stream.bytesWritten <= limit, `server wrote ${stream.bytesWritten} bytes before the client hung up (limit ${limit})`);
        console.log(
          `      body cap (${announce ? "Content-Length" : "chunked"}): server offered ${HUGE} bytes, wrote ${stream.bytesWritten} before the client hung up after ${ms} ms`,
        );
      } finally {
        client.close();
        await server.close();
      }
    });
  }
});
