import { strict as assert } from "node:assert";
import * as net from "node:net";
import { DcsClient } from "../../../provider/dcs/dcsClient";
import { NetworkError } from "../../../provider/dcs/apiErrors";
import { resolveSettings } from "../../../provider/settings/settings";
import { installOfflineDns } from "../../support/offlineDns";

const PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const TASK = "f4e5c7b0-1a2b-4c3d-9e8f-0123456789ab";

/** A TCP server standing in for a broken proxy: `behaviour` decides what it does with each connection. */
async function fakeProxy(behaviour: (socket: net.Socket) => void): Promise<{ port: number; requests: string[]; closed: () => number; close(): Promise<void> }> {
  const requests: string[] = [];
  let closed = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once("data", (d: Buffer) => requests.push(d.toString("latin1")));
    socket.on("close", () => {
      closed++;
      sockets.delete(socket);
    });
    socket.on("error", () => undefined);
    behaviour(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    requests,
    closed: () => closed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function clientThrough(port: number, trace: string[], requestTimeoutMs = 300): DcsClient {
  const settings = resolveSettings(
    { endpoint: "https://dcs.cn-north-4.myhuaweicloud.com", projectId: PROJECT, accessKey: "HPUAPROXYTEST0000001", secretKey: "proxy-test-secret-0001" },
    { env: {} },
  );
  return new DcsClient(settings, {
    env: { HTTPS_PROXY: `http://127.0.0.1:${port}` },
    debug: (l) => trace.push(l),
    requestTimeoutMs,
    maxRetries: 1,
    baseDelayMs: 1,
    maxDelayMs: 1,
  });
}

describe("the CONNECT tunnel against a broken proxy", function () {
  this.timeout(20_000);
  let restoreDns: () => void;
  const lookups: string[] = [];
  before(() => (restoreDns = installOfflineDns((h) => lookups.push(h))));
  after(() => restoreDns());

  it("ends an attempt at its deadline when the proxy never answers CONNECT, and closes the socket to it", async () => {
    const proxy = await fakeProxy(() => undefined);
    const trace: string[] = [];
    const client = clientThrough(proxy.port, trace);
    try {
      const error = await client.getMigrationStats(TASK).then(
        () => assert.fail("a silent proxy let the read through"),
        (e: unknown) => e,
      );
      assert.ok(error instanceof NetworkError, String(error));
      assert.equal(error.code, "ETIMEDOUT");
      assert.match(error.message, /No answer from https:\/\/dcs\.cn-north-4\.myhuaweicloud\.com through the proxy 127\.0\.0\.1:\d+ \(from HTTPS_PROXY\) within 300 ms after 2 attempts/);
      assert.equal(trace.length, 2);
      assert.match(proxy.requests[0] ?? "", /^CONNECT dcs\.cn-north-4\.myhuaweicloud\.com:443 HTTP\/1\.1\r\n/);
      // The wait for CONNECT is bounded by the request timeout too: no socket outlives it for long.
      const deadline = Date.now() + 3000;
      while (proxy.closed() < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.equal(proxy.closed(), 2, "both sockets to the silent proxy were closed");
      assert.deepEqual(lookups, [], "the API host is left to the proxy");
    } finally {
      client.close();
      await proxy.close();
    }
  });

  it("retries a proxy that hangs up before answering CONNECT, then says so", async () => {
    const proxy = await fakeProxy((socket) => socket.once("data", () => socket.end()));
    const trace: string[] = [];
    const client = clientThrough(proxy.port, trace, 2000);
    try {
      const error = await client.getMigrationStats(TASK).then(
        () => assert.fail("the read succeeded"),
        (e: unknown) => e,
      );
      assert.ok(error instanceof NetworkError, String(error));
      assert.equal(error.code, "ECONNRESET");
      assert.equal(trace.length, 2, "retried like a reset");
      assert.match(error.message, /through the proxy 127\.0\.0\.1:\d+ \(from HTTPS_PROXY\) failed after 2 attempts \(ECONNRESET: proxy 127\.0\.0\.1:\d+ closed the connection before answering CONNECT/);
    } finally {
      client.close();
      await proxy.close();
    }
  });
});
