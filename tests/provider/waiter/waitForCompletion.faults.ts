import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const SOAK = path.join(__dirname, "fixtures", "waiterSoak.ts");
/** Polls of the soak's long wait over HTTP when SOAK_HTTP_POLLS is set (the fixture's default is 4 000). */
const HTTP_POLLS = Number(process.env["SOAK_HTTP_POLLS"] ?? 4_000);
/**
 * Far above the soak's own run time (~30 s on a busy 2-core machine, plus under 1 ms per extra
 * request over HTTP): only a leak of a timer or socket can reach it.
 */
const EXIT_BOUND_MS = 150_000 + 2 * Math.max(0, HTTP_POLLS - 4_000);
/** Heap growth tolerated between the first and last measurement (forced GC each time). */
const MAX_GROWTH_MB = 3;

interface SoakReport {
  heap: Record<string, number>;
  /** The 100 000-poll wait over HTTP: requests the server saw, 503s among them (each retried), real ms. */
  longWait: { polls: number; httpRequests: number; retried503: number; recordReads: number; ms: number };
  httpRequests: number;
  openResources: string[];
  ms: number;
}

describe("waitForCompletion soak (child process, real client and transport, virtual clock)", function () {
  this.timeout(EXIT_BOUND_MS + 10_000);

  it(`waits through ${HTTP_POLLS} polls over HTTP, 100 000 polls and 100 × 1 000 polls with a flat heap, and the process exits on its own afterwards`, async () => {
    const child = spawn(process.execPath, ["--expose-gc", "-r", "ts-node/register", SOAK], {
      cwd: ROOT,
      // SOAK_HTTP_POLLS=100000 runs the long wait over HTTP at the README's length (about a minute more).
      env: { PATH: process.env["PATH"] ?? "", ...(process.env["SOAK_HTTP_POLLS"] === undefined ? {} : { SOAK_HTTP_POLLS: process.env["SOAK_HTTP_POLLS"] }) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill("SIGKILL");
    }, EXIT_BOUND_MS);
    const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
    clearTimeout(timer);
    assert.equal(killed, false, `the soak process did not exit on its own within ${EXIT_BOUND_MS} ms: a timer or socket was left open.\n${stdout}\n${stderr}`);
    assert.equal(code, 0, `soak failed:\n${stdout}\n${stderr}`);
    const report = JSON.parse(stdout.trim().split("\n").pop() ?? "") as SoakReport;
    assert.deepEqual(report.openResources, [], "no timer, socket or server still open after the last wait");
    assert.equal(report.httpRequests, 20 * 50);
    // Every 97th request is a 503 that the client retried: the wait saw each poll answered once.
    assert.equal(report.longWait.httpRequests - report.longWait.retried503, report.longWait.polls);
    assert.ok(report.longWait.retried503 >= report.longWait.polls / 100, `${report.longWait.retried503} retried 503s`);
    // The task's record is read at the start and before the gate opens, never per poll.
    assert.ok(report.longWait.recordReads <= 2, `${report.longWait.recordReads} reads of the task's record in one wait`);
    const values = Object.values(report.heap);
    const growth = (values[values.length - 1] ?? 0) - (values[0] ?? 0);
    const peakGrowth = Math.max(...values) - (values[0] ?? 0);
    assert.ok(peakGrowth <= MAX_GROWTH_MB, `heap grew by ${peakGrowth.toFixed(2)} MB: ${JSON.stringify(report.heap)}`);
    console.log(
      `      soak: 1 wait × ${report.longWait.polls} polls over HTTP (${report.longWait.httpRequests} requests, ${report.longWait.retried503} of them 503 and retried, ${report.longWait.recordReads} of the task's record, ` +
        `${(report.longWait.ms / 1000).toFixed(1)} s) + 1 wait × 100 000 polls and 100 waits × 1 000 polls (scripted reader) + 20 waits × 50 polls over HTTP ` +
        `in ${(report.ms / 1000).toFixed(1)} s; ` +
        `heap after forced GC (MB): ${Object.entries(report.heap).map(([k, v]) => `${k} ${v}`).join(", ")}; growth ${growth.toFixed(2)} MB; ` +
        `open handles at the end: ${report.openResources.length}; exited on its own with code ${code}`,
    );
  });
});
