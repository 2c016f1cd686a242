import { mkdirSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import { join } from "node:path";
import { startEmulator, type EmulatorHandle } from "../emulator/startEmulator";
import { closeSharedDcsClients } from "../provider/dcs";
import { resolveWaitOptions } from "../provider/waiter";
import { benchTimelines } from "./benchTimelines";
import { CLIENT_CONCURRENCY_CAP, CONCURRENCY_SCENARIOS, runConcurrencyScenario, type ConcurrencyResult } from "./concurrentWaits";
import { runEmulatorThroughput, type ThroughputResult } from "./emulatorThroughputRun";
import { engineOverhead, type EngineOverheadResult } from "./engineOverhead";
import { pluginStartup, type PluginStartupResult } from "./pluginStartup";
import { GATE_LATENCY_DEFAULTS, measureTimeline, summarizeSide, type SideSummary, type TimelineResult } from "./gateLatency";
import { median } from "./percentile";
import { realTimeAgreement, type RealTimeAgreement } from "./realTimeAgreement";
import { secs, textTable } from "./textTable";

/** Every section, in the order run; `--only=a,b` picks some. */
const SECTIONS = ["latency", "realtime", "scale", "engine", "plugin", "throughput"] as const;
type Section = (typeof SECTIONS)[number];

/** Real-time check: a 20-minute timeline at this speed-up lasts about 41 s. */
const REAL_TIME_SCALE = 30;

interface Target {
  readonly name: string;
  readonly measured: string;
  readonly pass: boolean;
}

interface LatencyRow {
  readonly timeline: string;
  /** Reads allowed beyond the fixed loop's (one per resync). */
  readonly extraCallsAllowed: number;
  readonly story: string;
  readonly expected: string;
  readonly waiter: SideSummary;
  readonly baseline: SideSummary;
  readonly verdict: string;
}

function parseArgs(argv: readonly string[]): { sections: Set<Section>; summary: boolean } {
  let sections = new Set<Section>(SECTIONS);
  let summary = false;
  for (const arg of argv) {
    if (arg === "--summary") summary = true;
    else if (arg.startsWith("--only=")) {
      const names = arg.slice("--only=".length).split(",");
      for (const n of names) {
        if (!(SECTIONS as readonly string[]).includes(n)) throw new Error(`Expected --only to list some of ${SECTIONS.join(", ")}, got ${JSON.stringify(n)}`);
      }
      sections = new Set(names as Section[]);
    } else throw new Error(`Unknown argument ${JSON.stringify(arg)}; expected --only=<${SECTIONS.join("|")},…> or --summary`);
  }
  return { sections, summary };
}

/** Reads the waiter may spend beyond the fixed loop: one per resync (see `BenchTimeline.resyncs`). */
const allowedExtraCalls = (resyncs: number | undefined): number => resyncs ?? 0;

function verdictOf(w: SideSummary, b: SideSummary, extra: number): string {
  if (w.wrong > 0) return `WRONG ×${w.wrong}`;
  const faster = w.medianExcessS < b.medianExcessS - 0.05;
  const fewer = w.medianCalls <= b.medianCalls + extra;
  if (faster && fewer) return "better";
  if (!fewer) return "more calls";
  return Math.abs(w.medianExcessS - b.medianExcessS) <= 0.05 ? "same" : "slower";
}

async function latencySection(): Promise<{ rows: LatencyRow[]; raw: TimelineResult[] }> {
  const rows: LatencyRow[] = [];
  const raw: TimelineResult[] = [];
  const timelines = benchTimelines();
  for (let i = 0; i < timelines.length; i++) {
    const result = await measureTimeline(timelines[i]!, i);
    raw.push(result);
    const waiter = summarizeSide(result.waiter, result.expected);
    const baseline = summarizeSide(result.baseline, result.expected);
    const extra = allowedExtraCalls(timelines[i]!.resyncs);
    rows.push({ timeline: result.name, story: result.story, expected: result.expected, waiter, baseline, extraCallsAllowed: extra, verdict: verdictOf(waiter, baseline, extra) });
  }
  const c = GATE_LATENCY_DEFAULTS;
  console.log(
    `\n1. Gate latency, simulated: the real waitForCompletion on a virtual clock reading the emulator's pure timelines ` +
      `(20-min ramps; ${c.offsets} start offsets over ${c.offsetSpanMs / 1000} s; ${c.latencyMinMs}–${c.latencyMaxMs} ms per read). ` +
      `Excess = outcome time − earliest possible (completion + 30 s window; stall: last change + 600 s; fail: task end), seconds.`,
  );
  console.log(
    textTable(
      ["timeline", "outcome", "ours med", "ours p90", "calls", "fixed-10s med", "fixed p90", "calls", "verdict"],
      rows.map((r) => [
        r.timeline,
        r.expected,
        secs(r.waiter.medianExcessS),
        secs(r.waiter.p90ExcessS),
        String(r.waiter.medianCalls),
        secs(r.baseline.medianExcessS),
        secs(r.baseline.p90ExcessS),
        String(r.baseline.medianCalls),
        r.verdict,
      ]),
    ),
  );
  for (const r of rows) console.log(`  ${r.timeline}: ${r.story}`);
  return { rows, raw };
}

function printRealTime(r: RealTimeAgreement): void {
  console.log(
    `\n1b. Real time against the emulator: timeline ${r.timeline} at ${r.timeScale}× (the waiter's clock scaled alike), ` +
      `${secs(r.realSeconds, 1)} s of real time, first read at ${secs(r.startS)} s of the timeline, ` +
      `read latency median ${secs(r.latencyMedianMs / 1000)} s / max ${secs(r.latencyMaxMs / 1000)} s of timeline time (replayed by the simulation).`,
  );
  console.log(
    textTable(
      ["run", "gate opened at (s)", "excess (s)", "reads", "emulator counted"],
      [
        ["real (HTTP, shared client)", secs(r.real.openedS), secs(r.real.excessS), String(r.real.polls), String(r.real.emulatorRequests)],
        ["simulated, same start", secs(r.simulated.openedS), secs(r.simulated.excessS), String(r.simulated.polls), "–"],
      ],
    ),
  );
  console.log(`  difference ${secs(r.differenceS)} s of timeline time: ${r.agrees ? "agrees within one poll" : "DISAGREES by more than one poll"}`);
}

function printScale(results: readonly ConcurrencyResult[]): void {
  console.log(
    `\n2. Concurrent waits in one process (waitForCompletion + the process-wide sharedDcsClient, compiled JS) against the emulator; ` +
      `tasks and the waiters' clock sped up (×), each answer held back so a read takes 200 ms of timeline time. ` +
      `Client cap: ${CLIENT_CONCURRENCY_CAP} requests in flight per shared client.`,
  );
  console.log(
    textTable(
      ["waits", "tasks", "×", "wall (s)", "slowest ready (s)", "over (s)", "excess med/max (tl s)", "API calls (/stats)", "record reads", "calls/task/min", "req/poll", "peak RSS MB", "failed"],
      results.map((r) => [
        `${r.waits}${r.sameTask ? " same task" : ""}${r.loadProcesses > 0 ? `, loaded (${r.loadProcesses} spinners)` : ""}`,
        String(r.tasks),
        String(r.timeScale),
        secs(r.wallS),
        secs(r.slowestReadyS),
        secs(r.overshootS),
        `${secs(r.medianExcessVirtualS, 1)}/${secs(r.maxExcessVirtualS, 1)}`,
        String(r.apiCalls),
        String(r.recordCalls),
        secs(r.callsPerTaskPerMinute, 1),
        r.sameTask ? secs(r.requestsPerPoll) : "–",
        secs(r.peakRssMB, 1),
        String(r.failedWaits),
      ]),
    ),
  );
}

function printEngine(r: EngineOverheadResult): void {
  console.log(
    `\n3. Engine overhead: \`pulumi up --yes\` (real CLI, local backend), one WaitForMigration on an already-complete task ` +
      `vs one trivial dynamic resource, ${r.runs} runs each alternating (after one warm-up each).`,
  );
  console.log(
    textTable(
      ["stack", "runs (s)", "median (s)"],
      [
        ["WaitForMigration", r.waitMs.map((m) => secs(m / 1000)).join(" "), secs(r.medianWaitMs / 1000)],
        ["trivial dynamic resource", r.trivialMs.map((m) => secs(m / 1000)).join(" "), secs(r.medianTrivialMs / 1000)],
        ["WaitForMigration in Pulumi YAML (plugin)", r.yamlMs.map((m) => secs(m / 1000)).join(" "), secs(r.medianYamlMs / 1000)],
      ],
    ),
  );
  console.log(`  median ratio ${r.ratio.toFixed(3)}; __provider ${r.providerBytes} bytes (trivial resource: ${r.trivialProviderBytes} bytes)`);
  console.log(`  YAML gate stack ÷ TypeScript gate stack: ${r.yamlRatio.toFixed(3)}`);
}

function printPluginStartup(r: PluginStartupResult): void {
  console.log(
    "\nProvider plugin start-up (bench/pluginStartup.ts): spawn → port line → first answered RPC (GetPluginInfo), " +
      `the npm package's launcher and the release's single executable alternating, ${r.runs} runs each:`,
  );
  const ms = (values: readonly number[]): string => values.map((m) => m.toFixed(0)).join(" ");
  const b = r.binary;
  console.log(
    textTable(
      ["plugin", "measure", "runs (ms)", "median (ms)"],
      [
        ["sh launcher → node", "port line", ms(r.portMs), r.medianPortMs.toFixed(0)],
        ["sh launcher → node", "first answered RPC", ms(r.firstAnswerMs), r.medianFirstAnswerMs.toFixed(0)],
        [`single executable (${b.target})`, "port line", ms(b.portMs), b.medianPortMs.toFixed(0)],
        [`single executable (${b.target})`, "first answered RPC", ms(b.firstAnswerMs), b.medianFirstAnswerMs.toFixed(0)],
      ],
    ),
  );
  const MiB = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  console.log(`  binary ${MiB(b.binaryBytes)}, tarball ${MiB(b.tarballBytes)}; SEA step (blob + postject) ${(b.seaStepMs / 1000).toFixed(1)} s`);
}

function printThroughput(r: ThroughputResult): void {
  console.log("\n4. Emulator throughput (bench/emulatorThroughput.ts, separate process):");
  console.log(textTable(["case", "req/s"], r.cases.map((c) => [c.name, String(c.requestsPerSecond)])));
}

function targetsOf(
  latency: LatencyRow[] | undefined,
  realtime: RealTimeAgreement | undefined,
  scale: ConcurrencyResult[] | undefined,
  engine: EngineOverheadResult | undefined,
  raw: TimelineResult[] | undefined,
  plugin: PluginStartupResult | undefined,
): Target[] {
  const targets: Target[] = [];
  if (latency !== undefined && raw !== undefined) {
    const gates = latency.filter((r) => r.expected === "complete");
    const worst = gates.reduce((a, b) => (b.waiter.medianExcessS > a.waiter.medianExcessS ? b : a));
    const allRuns = raw.filter((r) => r.expected === "complete").flatMap((r) => r.waiter.map((w) => w.excessMs / 1000));
    targets.push({
      name: "median excess gate latency ≤ 1 s on every gate timeline",
      measured: `worst ${worst.timeline} ${secs(worst.waiter.medianExcessS)} s; all runs ${secs(median(allRuns))} s`,
      pass: gates.every((r) => r.waiter.medianExcessS <= 1),
    });
    // pollIntervalSeconds is a strict ceiling, so the early reads a resync wastes cannot be won
    // back with a longer gap: the trade is at most one read more per resync.
    const moreCalls = latency.filter((r) => r.waiter.medianCalls > r.baseline.medianCalls + r.extraCallsAllowed);
    const extraSpent = latency.filter((r) => r.waiter.medianCalls > r.baseline.medianCalls);
    targets.push({
      name: "no more API calls than the fixed 10 s loop, but one per resync (median per timeline)",
      measured:
        moreCalls.length > 0
          ? `more on ${moreCalls.map((r) => r.timeline).join(", ")}`
          : extraSpent.length === 0
            ? "never more"
            : `never more; ${extraSpent.map((r) => `${r.timeline} +${r.waiter.medianCalls - r.baseline.medianCalls}`).join(", ")}`,
      pass: moreCalls.length === 0,
    });
    const wrong = latency.filter((r) => r.waiter.wrong > 0);
    targets.push({
      name: "right outcome, never before the earliest moment",
      measured: wrong.length === 0 ? "all runs" : `wrong on ${wrong.map((r) => r.timeline).join(", ")}`,
      pass: wrong.length === 0,
    });
    const failures = latency.filter((r) => r.expected !== "complete");
    // A task that fails gives no warning, so the waiter can only match the loop there (±0.5 s of phase).
    const slowerFail = failures.filter((r) => r.waiter.medianExcessS > r.baseline.medianExcessS + 0.5);
    targets.push({
      name: "stall/failure detected no later than the fixed loop (median, ±0.5 s)",
      measured: failures.map((r) => `${r.timeline} ${secs(r.waiter.medianExcessS)} vs ${secs(r.baseline.medianExcessS)} s`).join("; "),
      pass: slowerFail.length === 0,
    });
  }
  if (realtime !== undefined) {
    targets.push({ name: "real-time run agrees with the simulation within one poll", measured: `${secs(realtime.differenceS)} s apart`, pass: realtime.agrees });
  }
  if (scale !== undefined) {
    for (const r of scale.filter((s) => s.waits === 100)) {
      const label = `100 waits, ${r.sameTask ? "same task" : "distinct tasks"}${r.loadProcesses > 0 ? ", loaded" : ""}`;
      targets.push({ name: `${label}: done within slowest completion + 2 s`, measured: `+${secs(r.overshootS)} s`, pass: r.overshootS <= 2 && r.failedWaits === 0 });
      targets.push({ name: `${label}: peak RSS ≤ 150 MB`, measured: `${secs(r.peakRssMB, 1)} MB`, pass: r.peakRssMB <= 150 });
    }
    for (const r of scale.filter((s) => s.sameTask)) {
      // A busy machine may still split a poll now and then (a timer late by more than the shared-read
      // lag); the issue's bound there is 1.05.
      const bound = r.loadProcesses > 0 ? 1.05 : 1.02;
      targets.push({
        name: `${r.waits} waits on one task${r.loadProcesses > 0 ? `, ${r.loadProcesses} cores spun beside` : ""}: ≤ ${bound} requests per poll`,
        measured: `${secs(r.requestsPerPoll)} requests per poll (${r.apiCalls} requests, ${r.medianPollsPerWait} polls per wait; ${r.recordCalls} task-record reads)`,
        pass: r.requestsPerPoll <= bound,
      });
    }
  }
  if (engine !== undefined) {
    targets.push({ name: "engine overhead ratio ≤ 1.15", measured: engine.ratio.toFixed(3), pass: engine.ratio <= 1.15 });
    targets.push({ name: "__provider ≤ 16 KB", measured: `${engine.providerBytes} bytes`, pass: engine.providerBytes <= 16_384 });
  }
  if (plugin !== undefined) {
    targets.push({
      name: `plugin start-up to first answered RPC ≤ 1 s (median of ${plugin.runs})`,
      measured: `${plugin.medianFirstAnswerMs.toFixed(0)} ms`,
      pass: plugin.medianFirstAnswerMs <= 1000,
    });
    targets.push({
      name: `plugin single executable no slower to first answered RPC than the launcher (medians of ${plugin.runs}, same run)`,
      measured: `${plugin.binary.medianFirstAnswerMs.toFixed(0)} ms vs ${plugin.medianFirstAnswerMs.toFixed(0)} ms`,
      pass: plugin.binary.medianFirstAnswerMs <= plugin.medianFirstAnswerMs,
    });
  }
  return targets;
}

async function main(): Promise<void> {
  const { sections, summary } = parseArgs(process.argv.slice(2));
  if (Number(process.versions.node.split(".")[0]) < 22) {
    throw new Error(`The benchmark needs Node.js 22 or later (the package's engines), got ${process.version}; run it with \`npm run bench\`.`);
  }
  const began = Date.now();
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
  console.log(
    `pulumi-dcs-migration benchmark — ${new Date(began).toISOString()} — ${machine.cpus}× ${machine.cpuModel}, ${machine.memoryGB} GB, ` +
      `Node ${machine.node}, load ${machine.loadAverage.join(" ")}. Absolute times depend on the machine; the ratios hold.`,
  );
  const options = resolveWaitOptions({});
  console.log(
    `Waiter defaults: poll ceiling ${options.pollIntervalSeconds} s, floor ${options.minPollIntervalSeconds} s, window ${options.stableForSeconds} s, ` +
      `stall ${options.stallTimeoutSeconds} s. Baseline: the same completion rule polled every 10 s (bench/fixedIntervalBaseline.ts).`,
  );

  let latency: { rows: LatencyRow[]; raw: TimelineResult[] } | undefined;
  let realtime: RealTimeAgreement | undefined;
  let scale: ConcurrencyResult[] | undefined;
  let engine: EngineOverheadResult | undefined;
  let plugin: PluginStartupResult | undefined;
  let throughput: ThroughputResult | undefined;
  const seconds: Partial<Record<Section, number>> = {};
  const timed = async <T>(section: Section, run: () => Promise<T>): Promise<T> => {
    const t = Date.now();
    try {
      return await run();
    } finally {
      seconds[section] = (Date.now() - t) / 1000;
    }
  };

  if (sections.has("latency")) latency = await timed("latency", latencySection);
  let emulator: EmulatorHandle | undefined;
  try {
    if (sections.has("realtime") || sections.has("scale") || sections.has("engine")) emulator = await startEmulator({ maxTasks: 250 });
    if (sections.has("realtime") && emulator !== undefined) {
      const linear = benchTimelines().find((b) => b.name === "linear")!;
      const em = emulator;
      realtime = await timed("realtime", () => realTimeAgreement(em, linear, REAL_TIME_SCALE));
      printRealTime(realtime);
    }
    if (sections.has("scale") && emulator !== undefined) {
      const em = emulator;
      scale = await timed("scale", async () => {
        const out: ConcurrencyResult[] = [];
        for (const s of CONCURRENCY_SCENARIOS) out.push(await runConcurrencyScenario(em, s));
        return out;
      });
      printScale(scale);
    }
    if (sections.has("engine") && emulator !== undefined) {
      const em = emulator;
      engine = await timed("engine", () => engineOverhead(em));
      printEngine(engine);
    }
  } finally {
    closeSharedDcsClients();
    await emulator?.close();
  }
  if (sections.has("plugin")) {
    plugin = await timed("plugin", () => pluginStartup());
    printPluginStartup(plugin);
  }
  if (sections.has("throughput")) {
    throughput = await timed("throughput", () => runEmulatorThroughput());
    printThroughput(throughput);
  }

  const targets = targetsOf(latency?.rows, realtime, scale, engine, latency?.raw, plugin);
  console.log("\nTargets:");
  console.log(textTable(["target", "measured", "result"], targets.map((t) => [t.name, t.measured, t.pass ? "PASS" : "MISS"])));
  const totalS = (Date.now() - began) / 1000;
  console.log(`\nTook ${secs(totalS, 0)} s (${Object.entries(seconds).map(([k, v]) => `${k} ${secs(v ?? 0, 0)} s`).join(", ")}).`);

  const record = {
    startedAt: new Date(began).toISOString(),
    totalSeconds: totalS,
    sectionSeconds: seconds,
    machine,
    waitOptions: options,
    latency: latency === undefined ? undefined : { config: GATE_LATENCY_DEFAULTS, rows: latency.rows, runs: latency.raw },
    realtime,
    scale: scale === undefined ? undefined : { scenarios: CONCURRENCY_SCENARIOS, clientConcurrencyCap: CLIENT_CONCURRENCY_CAP, results: scale },
    engine,
    plugin,
    throughput,
    targets,
  };
  const dir = join(__dirname, "results");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${new Date(began).toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, JSON.stringify(record, null, 2) + "\n");
  console.log(`Figures written to bench/results/${file.slice(dir.length + 1)}`);
  if (summary) {
    const { runs: _runs, ...latencyWithoutRuns } = record.latency ?? { runs: undefined };
    writeFileSync(join(dir, "summary.json"), JSON.stringify({ ...record, latency: record.latency === undefined ? undefined : latencyWithoutRuns }, null, 2) + "\n");
    console.log("Summary written to bench/results/summary.json");
  }
  if (targets.some((t) => !t.pass)) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exitCode = 2;
});
