import { strict as assert } from "node:assert";
import { connect, type Socket } from "node:net";
import { EmulatorControlError, EmulatorInputError, startEmulator, type EmulatorHandle } from "../../emulator";
import { rawHttpRequest } from "../support/rawHttpRequest";

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, "127.0.0.1", () => resolve(s));
    s.once("error", reject);
  });
}

/** Sends one keep-alive request on `socket`; resolves with the status line, or "closed" if the server hangs up. */
function requestOn(socket: Socket, path: string, token: string): Promise<string> {
  return new Promise((resolve) => {
    let data = "";
    const onData = (d: Buffer): void => {
      data += d.toString("latin1");
      if (data.includes("\r\n\r\n")) {
        socket.off("data", onData);
        resolve(data.slice(0, data.indexOf("\r\n")));
      }
    };
    socket.on("data", onData);
    socket.once("close", () => resolve("closed"));
    socket.once("error", () => resolve("closed"));
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Auth-Token: ${token}\r\nConnection: keep-alive\r\n\r\n`);
  });
}

describe("startEmulator", () => {
  it("binds 127.0.0.1 on a free port and returns emulator-only credentials in the shape of real ones", async () => {
    const emu = await startEmulator();
    try {
      assert.match(emu.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.match(emu.credentials.accessKey, /^[A-Z0-9]{20}$/);
      assert.match(emu.credentials.secretKey, /^[A-Za-z0-9]{40}$/);
      assert.match(emu.projectId, /^[0-9a-f]{32}$/);
      assert.equal(emu.credentials.securityToken, undefined);
      assert.deepEqual(await emu.control.health(), { ok: true, projectId: emu.projectId, tasks: 0 });
    } finally {
      await emu.close();
    }
  });

  it("uses fixed credentials and project id when given", async () => {
    const emu = await startEmulator({ projectId: "p1", credentials: { accessKey: "AK1", secretKey: "SK1", authToken: "T1" } });
    try {
      assert.deepEqual(emu.credentials, { accessKey: "AK1", secretKey: "SK1", authToken: "T1" });
      const res = await rawHttpRequest(`${emu.url}/v2/p1/migration-task/x/stats`, { headers: { "X-Auth-Token": "T1" } });
      assert.equal(res.status, 400);
    } finally {
      await emu.close();
    }
  });

  it("creates its start-up tasks and reports them", async () => {
    const emu = await startEmulator({ tasks: [{ kind: "scripted", id: "one" }, { kind: "scripted", preset: "complete" }] });
    try {
      assert.deepEqual(
        emu.tasks.map((t) => t.kind),
        ["scripted", "scripted"],
      );
      assert.equal(emu.tasks[0]?.id, "one");
    } finally {
      await emu.close();
    }
  });

  const badOptions: Array<[string, Parameters<typeof startEmulator>[0], string, RegExp]> = [
    ["a port above 65535", { port: 70000 }, "port", /<= 65535, got 70000/],
    ["an empty access key", { credentials: { accessKey: "" } }, "credentials.accessKey", /non-empty/],
    ["a project id with a slash", { projectId: "a/b" }, "projectId", /letters, digits/],
    ["zero connections", { maxConnections: 0 }, "maxConnections", />= 1, got 0/],
    ["a clock skew in fractions of a ms", { clockSkewMs: 0.5 }, "clockSkewMs", /integer/],
    ["a bad start-up task", { tasks: [{ kind: "scripted", timeScale: 0 }] }, "tasks[0].timeScale", /> 0, got 0/],
    ["an unknown option (a typo)", { prot: 8080 } as never, "prot", /Unknown field `prot`; expected one of `port`/],
    ["a tls option without a certificate", { tls: { key: "-----BEGIN PRIVATE KEY-----" } as never }, "tls.cert", /non-empty PEM/],
  ];
  for (const [what, options, field, message] of badOptions) {
    it(`refuses ${what}, naming \`${field}\``, async () => {
      await assert.rejects(startEmulator(options), (e: unknown) => e instanceof EmulatorInputError && e.field === field && message.test(e.message));
    });
  }

  it("refuses a port that is taken, leaving nothing running", async () => {
    const first = await startEmulator();
    try {
      await assert.rejects(startEmulator({ port: first.port }), /EADDRINUSE/);
    } finally {
      await first.close();
    }
  });

  it("caps concurrent connections: one over the cap is closed unanswered", async () => {
    const emu: EmulatorHandle = await startEmulator({ maxConnections: 2, tasks: [{ kind: "scripted", id: "t", preset: "complete" }] });
    const path = `/v2/${emu.projectId}/migration-task/t/stats`;
    const sockets: Socket[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const s = await openSocket(emu.port);
        sockets.push(s);
        assert.equal(await requestOn(s, path, emu.credentials.authToken), "HTTP/1.1 200 OK");
      }
      const third = await openSocket(emu.port);
      sockets.push(third);
      assert.equal(await requestOn(third, path, emu.credentials.authToken), "closed");
      sockets[0]?.destroy();
      await new Promise((r) => setTimeout(r, 50));
      const fourth = await openSocket(emu.port);
      sockets.push(fourth);
      assert.equal(await requestOn(fourth, path, emu.credentials.authToken), "HTTP/1.1 200 OK");
    } finally {
      for (const s of sockets) s.destroy();
      await emu.close();
    }
  });

  it("explains how to get redis-server when it cannot be run, and keeps serving", async () => {
    const emu = await startEmulator({ redisServer: "/nonexistent/redis-server" });
    try {
      await assert.rejects(
        emu.control.createTask({ kind: "redis", keys: 10 }),
        (e: unknown) => e instanceof EmulatorControlError && e.status === 500 && /not found\. Install Redis \(Debian: apt-get install redis-server\)/.test(e.message),
      );
      assert.deepEqual(await emu.control.listTasks(), []);
    } finally {
      await emu.close();
    }
  });

  it("answers 431 to headers above the size cap", async () => {
    const emu = await startEmulator({ maxHeaderBytes: 1024 });
    try {
      const res = await rawHttpRequest(`${emu.url}/_emulator/health`, { headers: { "X-Padding": "x".repeat(2000) } });
      assert.equal(res.status, 431);
      assert.equal((await rawHttpRequest(`${emu.url}/_emulator/health`)).status, 200);
    } finally {
      await emu.close();
    }
  });

  it("closes idempotently, ending open keep-alive connections", async () => {
    const emu = await startEmulator();
    const s = await openSocket(emu.port);
    const closed = new Promise((r) => s.once("close", r));
    await Promise.all([emu.close(), emu.close()]);
    await closed;
    await assert.rejects(openSocket(emu.port));
  });
});
