import { spawn, type ChildProcess } from "node:child_process";
import { Agent, request } from "node:http";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { EmulatorControl } from "../emulator/emulatorControl";
import { formatSdkDate, signRequest } from "../provider/dcs";

/**
 * How many stats requests per second the emulator answers (target: ≥ 2 000/s).
 *
 * The emulator runs as `npm run emulator` does, in its own Node process; this
 * process is the load generator: `connections` keep-alive connections each send
 * requests back to back, `requests` per round after `warmup`, `rounds` rounds per
 * case (the median is the figure: the machine is shared). AK/SK requests are
 * signed once per X-Sdk-Date second (what a client sends does not change within a
 * second), so the figure measures the server, not the signer. The server's own
 * request counters (control API) must agree with what was sent.
 *
 * Run: bash scripts/with-node ts-node bench/emulatorThroughput.ts [requests] [connections]
 */
export const THROUGHPUT_DEFAULTS = { requests: 10_000, rounds: 3, warmup: 2_000, connections: 16 } as const;

interface Started {
  readonly url: string;
  readonly projectId: string;
  readonly credentials: { accessKey: string; secretKey: string; authToken: string };
  readonly tasks: ReadonlyArray<{ id: string; kind: string }>;
}

async function startEmulatorProcess(args: string[]): Promise<{ child: ChildProcess; info: Started }> {
  const root = join(__dirname, "..");
  const child = spawn(process.execPath, ["-r", "ts-node/register", join(root, "emulator", "main.ts"), "--json", ...args], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`emulator exited with code ${code} before starting`)));
  });
  return { child, info: JSON.parse(first) as Started };
}

type Auth = "aksk" | "token";

async function run(info: Started, taskId: string, auth: Auth, total: number, connections: number): Promise<{ seconds: number; statuses: Map<number, number> }> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const url = new URL(`${info.url}/v2/${info.projectId}/migration-task/${taskId}/stats`);
  let signedFor = "";
  let headers: Record<string, string> = {};
  const headersNow = (): Record<string, string> => {
    if (auth === "token") return { "X-Auth-Token": info.credentials.authToken };
    const now = new Date();
    const second = formatSdkDate(now);
    if (second !== signedFor) {
      signedFor = second;
      headers = signRequest({
        method: "GET",
        url,
        headers: { "X-Project-Id": info.projectId },
        accessKey: info.credentials.accessKey,
        secretKey: info.credentials.secretKey,
        date: now,
      }).headers;
    }
    return headers;
  };
  const statuses = new Map<number, number>();
  let sent = 0;
  const one = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = request(url, { agent, headers: headersNow() }, (res) => {
        statuses.set(res.statusCode ?? 0, (statuses.get(res.statusCode ?? 0) ?? 0) + 1);
        res.resume();
        res.on("end", resolve);
      });
      req.on("error", reject);
      req.end();
    });
  const worker = async (): Promise<void> => {
    while (sent < total) {
      sent++;
      await one();
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  agent.destroy();
  return { seconds, statuses };
}

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? THROUGHPUT_DEFAULTS.requests);
  const connections = Number(process.argv[3] ?? THROUGHPUT_DEFAULTS.connections);
  const { child, info } = await startEmulatorProcess(["--scripted", "linear", "--redis", "10000"]);
  const control = new EmulatorControl(info.url);
  try {
    const scripted = info.tasks.find((t) => t.kind === "scripted")?.id ?? "";
    const redis = info.tasks.find((t) => t.kind === "redis")?.id ?? "";
    console.log(
      `emulator ${info.url}, ${connections} keep-alive connections, ${THROUGHPUT_DEFAULTS.rounds} rounds of ${total} requests per case (+${THROUGHPUT_DEFAULTS.warmup} warm-up)`,
    );
    const cases: Array<[string, string, Auth]> = [
      ["scripted task, AK/SK signature", scripted, "aksk"],
      ["scripted task, X-Auth-Token", scripted, "token"],
      ["Redis task (100 ms samples), AK/SK signature", redis, "aksk"],
    ];
    for (const [name, taskId, auth] of cases) {
      await run(info, taskId, auth, THROUGHPUT_DEFAULTS.warmup, connections);
      const rates: number[] = [];
      for (let round = 0; round < THROUGHPUT_DEFAULTS.rounds; round++) {
        const before = (await control.taskRequests(taskId)).requests;
        const { seconds, statuses } = await run(info, taskId, auth, total, connections);
        const counted = (await control.taskRequests(taskId)).requests - before;
        const ok = statuses.get(200) ?? 0;
        if (ok !== total || counted !== total) throw new Error(`expected ${total} answers of 200 counted by the server, got ${ok} and ${counted}`);
        rates.push(Math.round(total / seconds));
      }
      const median = [...rates].sort((a, b) => a - b)[Math.floor(rates.length / 2)] ?? 0;
      console.log(`${name.padEnd(46)} ${String(median).padStart(6)} req/s median  (rounds: ${rates.join(", ")}; every answer 200 and counted by the server)`);
    }
  } finally {
    child.kill("SIGINT");
    await new Promise((r) => child.once("exit", r));
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
