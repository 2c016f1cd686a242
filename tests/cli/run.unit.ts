import assert from "node:assert/strict";
import type { CliDeps } from "../../cli/cliDeps";
import { run } from "../../cli/run";
import { ApiError, TaskNotFoundError } from "../../provider/dcs/apiErrors";
import { capturedIo } from "../support/capturedIo";
import { VirtualClock } from "../support/virtualClock";
import { ScriptedStatsReader, sequenceReader, type ScriptAnswer } from "../support/scriptedStatsReader";

const TASK = "7f3c1a2b-0000-4000-8000-000000000001";
const ENV = { HW_ACCESS_KEY: "AKTEST", HW_SECRET_KEY: "sk-test", HW_PROJECT_ID: "0123456789abcdef", HW_REGION_NAME: "cn-north-4" };

/** Deps answering from a script of elapsed time, on a fake clock; the reader is exposed for counting. */
function scripted(script: (elapsedMs: number, call: number) => ScriptAnswer): { deps: Partial<CliDeps>; reader: () => ScriptedStatsReader } {
  const clock = new VirtualClock();
  let reader: ScriptedStatsReader | undefined;
  return {
    deps: {
      clock,
      createReader: () => (reader = new ScriptedStatsReader(clock, script)),
      every: () => () => undefined,
    },
    reader: () => {
      assert.ok(reader !== undefined, "no reader was created");
      return reader;
    },
  };
}

function fixed(answers: ScriptAnswer[]): Partial<CliDeps> {
  const clock = new VirtualClock();
  return { clock, createReader: () => sequenceReader(clock, answers), every: () => () => undefined };
}

/** Linear progress to completion at 95 s, target keys following. */
const linear = (t: number): ScriptAnswer => {
  const p = Math.min(100, (100 * t) / 95_000);
  return { fullMigrationProgress: Number(p.toFixed(1)), sourceDbsize: 531_221, targetDbsize: t >= 95_000 ? 531_221 : Math.floor(5312.21 * p) };
};

describe("dcs-migration (in-process)", () => {
  describe("stats", () => {
    it("prints a readable table and exits 0", async () => {
      const io = capturedIo({ env: ENV });
      const code = await run(
        ["stats", "--task-id", TASK],
        io,
        fixed([{ fullMigrationProgress: 87.5, sourceDbsize: 531_221, targetDbsize: 480_113 }]),
      );
      assert.equal(code, 0);
      const out = io.out();
      assert.match(out, /^Task +7f3c1a2b-0000-4000-8000-000000000001$/m);
      assert.match(out, /^Full migration +87\.5%$/m);
      assert.match(out, /^Source keys +531 221$/m);
      assert.match(out, /^Target keys +480 113$/m);
      assert.match(out, /^Key difference +51 108 \(target lacks 51 108\)$/m);
      assert.match(out, /^Wait criteria +not met: progress below required; key difference beyond tolerance 53$/m);
      assert.equal(io.err(), "");
    });

    it("prints the normalized stats object with --json", async () => {
      const io = capturedIo({ env: ENV });
      const code = await run(["stats", "--task-id", TASK, "--json"], io, fixed([{ offset: "18446744073709551615" }]));
      assert.equal(code, 0);
      const parsed = JSON.parse(io.out()) as Record<string, unknown>;
      assert.equal(parsed["taskId"], TASK);
      assert.equal(parsed["offset"], "18446744073709551615");
      assert.equal(parsed["keyDelta"], 0);
      assert.equal(parsed["isMigrating"], true);
    });

    it("exits 4 on a missing task, with the error as JSON under --json", async () => {
      const io = capturedIo({ env: ENV });
      const missing = new TaskNotFoundError("Migration task x not found (DCS.4133).", { status: 400, errorCode: "DCS.4133" });
      const code = await run(["stats", "--task-id", TASK, "--json"], io, fixed([missing]));
      assert.equal(code, 4);
      const parsed = JSON.parse(io.out()) as { error: Record<string, unknown> };
      assert.deepEqual([parsed.error["name"], parsed.error["status"], parsed.error["errorCode"]], ["TaskNotFoundError", 400, "DCS.4133"]);
      assert.match(io.err(), /^error: Migration task x not found/);
    });

    it("exits 2 naming the environment variables when settings are missing", async () => {
      const io = capturedIo({ env: {} });
      const code = await run(["stats", "--task-id", TASK], io, fixed([{}]));
      assert.equal(code, 2);
      assert.match(io.err(), /project id: looked at flag --project-id, environment HW_PROJECT_ID/);
      assert.doesNotMatch(io.err(), /stack config|pulumi config/);
    });

    it("exits 2 when --task-id is missing", async () => {
      const io = capturedIo({ env: ENV });
      assert.equal(await run(["stats"], io, fixed([{}])), 2);
      assert.match(io.err(), /--task-id is required/);
      assert.match(io.err(), /Run `dcs-migration stats --help`/);
    });
  });

  describe("flags", () => {
    it("refuses a secret on the command line without echoing it", async () => {
      for (const argv of [
        ["wait", "--task-id", TASK, "--secret-key", "hunter2-secret"],
        ["stats", "--task-id", TASK, "--secret-key=hunter2-secret"],
        ["stats", "--sk", "hunter2-secret"],
        ["wait", "--security-token", "hunter2-secret"],
      ]) {
        const io = capturedIo({ env: ENV });
        assert.equal(await run(argv, io, fixed([{}])), 2, argv.join(" "));
        assert.match(io.err(), /is not accepted: credentials are read only from the environment/);
        assert.match(io.err(), /HW_SECRET_KEY/);
        assert.doesNotMatch(io.err() + io.out(), /hunter2/);
      }
    });

    const usage: Array<[string[], RegExp]> = [
      [["wait", "--task-id", TASK, "--timout", "5m"], /Unknown flag --timout for `dcs-migration wait`\. Did you mean --timeout\?/],
      [["wait", "--task-id", TASK, "--timeout", "soon"], /--timeout: expected a duration like 90, 90s, 15m, 1h or 1h30m, got "soon"/],
      [["wait", "--task-id", TASK, "--timeout", "0"], /--timeout: expected > 0, got 0/],
      [["wait", "--task-id", TASK, "--min-poll-interval", "30s"], /--min-poll-interval: expected ≤ --poll-interval \(10\), got 30/],
      [["wait", "--task-id", TASK, "--required-progress", "lots"], /--required-progress: expected a percentage like 100 or 99\.5, got "lots"/],
      [["wait", "--task-id", TASK, "--key-tolerance", "1.5"], /--key-tolerance: expected a whole number of keys, got 1\.5/],
      [["wait", "--task-id", TASK, "--max-offset", "-1"], /--max-offset: expected a non-negative decimal integer/],
      [["wait", "--task-id", TASK, "--json=yes"], /--json is a switch and takes no value/],
      [["wait", "--task-id"], /--task-id needs a value/],
      [["wait", "--task-id", TASK, "--task-id", "other"], /--task-id is given more than once/],
      [["stats", "--task-id", TASK, "now"], /Unexpected argument "now"/],
      [["stats", "--task-id", TASK, "--stable-for", "5s"], /Unknown flag --stable-for for `dcs-migration stats`/],
      [["migrate"], /Unknown command "migrate"; expected stats or wait/],
      [["stats", "--task-id", TASK, "--project-id", ""], /--project-id is empty \(an unset shell variable\?\): give a value, or leave the flag out to use HW_PROJECT_ID/],
      [["wait", "--task-id", TASK, "--endpoint=  "], /--endpoint is empty .* HW_DCS_ENDPOINT/],
      [["wait", "--task-id", TASK, "--region", ""], /--region is empty .* HW_REGION_NAME/],
    ];
    for (const [argv, message] of usage) {
      it(`exits 2 on \`${argv.join(" ")}\` saying why`, async () => {
        const io = capturedIo({ env: ENV });
        assert.equal(await run(argv, io, fixed([{}])), 2);
        assert.match(io.err(), message);
        assert.equal(io.out(), "");
      });
    }

    it("prints help with examples and the exit-code table, exit 0", async () => {
      for (const command of ["stats", "wait"]) {
        const io = capturedIo({ env: ENV });
        assert.equal(await run([command, "--help"], io, fixed([{}])), 0);
        assert.match(io.out(), new RegExp(`Usage: dcs-migration ${command} --task-id ID`));
        assert.match(io.out(), /Examples:/);
        assert.match(io.out(), /Exit codes:\n +0 +stats read \/ migration complete\n +1 .*\n +2 .*\n +3 +timed out\n +4 .*\n +5 +credentials expired.*\n +70 .*\n +130 +interrupted/);
      }
      const io = capturedIo({ env: ENV });
      assert.equal(await run([], io, fixed([{}])), 2);
      assert.match(io.err(), /Usage:\n  dcs-migration stats/);
    });

    it("words its help for a command, not a Pulumi resource: --timeout exits with code 3, nothing about `pulumi up` or customTimeouts", async () => {
      const io = capturedIo({ env: ENV });
      assert.equal(await run(["wait", "--help"], io, fixed([{}])), 0);
      assert.match(io.out(), /--timeout DURATION +Longest the wait takes; then the command exits with code 3 \(timed out\)\. Default: 60m\./);
      assert.doesNotMatch(io.out(), /pulumi up|customTimeouts|dynamic-provider/);
    });

    it("passes the wait flags to the waiter: --stable-for 0 opens on the first satisfying read", async () => {
      const s = scripted(() => ({}));
      const io = capturedIo({ env: ENV });
      assert.equal(await run(["wait", "--task-id", TASK, "--stable-for", "0"], io, s.deps), 0);
      assert.equal(s.reader().calls.length, 1);
    });

    it("uses WaitForMigration's defaults: a 30 s stability window at 10 s reads", async () => {
      const s = scripted(() => ({}));
      const io = capturedIo({ env: ENV });
      assert.equal(await run(["wait", "--task-id", TASK], io, s.deps), 0);
      assert.deepEqual(s.reader().calls, [0, 10_000, 20_000, 30_000]);
    });
  });

  describe("wait", () => {
    it("prints one plain line per phase change or 30 s when not on a terminal, and exits 0", async () => {
      const s = scripted(linear);
      const io = capturedIo({ env: ENV });
      assert.equal(await run(["wait", "--task-id", TASK], io, s.deps), 0);
      const lines = io.out().trimEnd().split("\n");
      assert.ok(lines.length < s.reader().calls.length, `${lines.length} lines for ${s.reader().calls.length} reads`);
      assert.match(lines[0] ?? "", /^dcs task 7f3c1a2b…: 0% full migration, keys 0 \/ 531 221 \(Δ 531 221\), 5 300 ops\/s$/);
      assert.ok(lines.some((l) => /stable 0s of 30s/.test(l)), "the stabilizing phase is shown");
      assert.match(lines[lines.length - 1] ?? "", /100% full migration, keys 531 221 \/ 531 221 \(Δ 0\), 5 300 ops\/s, complete after 2m \d+s$/);
      assert.doesNotMatch(io.out(), /\x1b\[/);
      assert.equal(io.err(), "");
    });

    it("streams one JSON object per read and a final result with --json", async () => {
      const s = scripted(linear);
      const io = capturedIo({ env: ENV, isTTY: true });
      assert.equal(await run(["wait", "--task-id", TASK, "--json"], io, s.deps), 0);
      const objects = io
        .out()
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const observations = objects.filter((o) => o["type"] === "observation");
      assert.equal(observations.length, s.reader().calls.length);
      assert.equal(observations[0]?.["phase"], "full-sync");
      assert.equal((observations[0]?.["stats"] as Record<string, unknown>)["taskId"], TASK);
      const last = objects[objects.length - 1];
      assert.equal(last?.["type"], "result");
      assert.equal(last?.["outcome"], "complete");
      assert.equal(last?.["exitCode"], 0);
      assert.equal(last?.["polls"], s.reader().calls.length);
      assert.equal((last?.["stats"] as Record<string, unknown>)["fullMigrationProgress"], 100);
    });

    it("draws a progress bar redrawn in place on a terminal", async () => {
      const s = scripted(linear);
      const io = capturedIo({ env: ENV, isTTY: true, columns: 200 });
      assert.equal(await run(["wait", "--task-id", TASK], io, s.deps), 0);
      const out = io.out();
      const frames = out.split("\r\x1b[2K").filter((f) => f !== "");
      assert.ok(frames.length >= s.reader().calls.length, "one redraw per read at least");
      assert.ok(frames.some((f) => /^7f3c1a2b…  \[█{4}░{16}\]  2\d\.\d%  keys [\d ]+ \/ 531 221 \(Δ [\d ]+\)  5 300 ops\/s  \d+s  ETA ~\d+m?s?$/.test(f)), frames.join("\n"));
      assert.match(out, /complete after 2m \d+s\n$/);
    });

    it("keeps the bar within the terminal width", async () => {
      const s = scripted(linear);
      const io = capturedIo({ env: ENV, isTTY: true, columns: 40 });
      await run(["wait", "--task-id", TASK], io, s.deps);
      const frames = io.out().split(/\r\x1b\[2K|\n/).filter((f) => f.startsWith("7f3c"));
      assert.ok(frames.length > 0);
      for (const f of frames) assert.ok([...f].length <= 39, `${[...f].length} chars: ${f}`);
    });

    const endings: Array<[string, string[], (t: number, call: number) => ScriptAnswer, number, RegExp]> = [
      ["a stopped migration", [], (t) => ({ fullMigrationProgress: 40, targetDbsize: 400, isMigrating: t < 20_000 }), 1, /stopped before completing \(is_migrating is false\)/],
      ["a stall", ["--stall-timeout", "1m"], () => ({ fullMigrationProgress: 40, targetDbsize: 400 }), 1, /stalled: progress, key counts and offset have not changed for 1m/],
      ["a timeout", ["--timeout", "45s"], (t) => ({ fullMigrationProgress: t / 10_000, targetDbsize: 0 }), 3, /Timed out after 45s/],
      ["a 403", [], () => new ApiError("Access denied (HTTP 403).", { status: 403 }), 4, /^error: Access denied \(HTTP 403\)\./],
      [
        "a missing task",
        [],
        () => new TaskNotFoundError("Migration task not found (DCS.4133).", { status: 400, errorCode: "DCS.4133" }),
        4,
        /not found \(DCS\.4133\)/,
      ],
    ];
    for (const [what, extra, script, code, message] of endings) {
      it(`exits ${code} on ${what}, with the reason on stderr and in the --json result`, async () => {
        const s = scripted(script);
        const io = capturedIo({ env: ENV });
        assert.equal(await run(["wait", "--task-id", TASK, ...extra], io, s.deps), code);
        assert.match(io.err(), message);

        const j = scripted(script);
        const jio = capturedIo({ env: ENV });
        assert.equal(await run(["wait", "--task-id", TASK, "--json", ...extra], jio, j.deps), code);
        const last = JSON.parse(jio.out().trimEnd().split("\n").pop() ?? "{}") as Record<string, unknown>;
        assert.equal(last["type"], "result");
        assert.equal(last["exitCode"], code);
        assert.match(String((last["error"] as Record<string, unknown>)["message"]), message instanceof RegExp ? new RegExp(message.source.replace(/^\^error: /, "")) : message);
      });
    }

    it("exits 130 at once when interrupted, with no read after the interrupt", async () => {
      const controller = new AbortController();
      const s = scripted((_t, call) => {
        if (call === 3) controller.abort();
        return { fullMigrationProgress: 10, targetDbsize: 100 };
      });
      const io = capturedIo({ env: ENV, signal: controller.signal });
      assert.equal(await run(["wait", "--task-id", TASK], io, s.deps), 130);
      assert.equal(s.reader().calls.length, 3);
      assert.match(io.err(), /^interrupted: stopped waiting; the migration task itself is not affected\.\n$/);
    });

    it("exits 2 on bad configuration with a --json result object", async () => {
      const io = capturedIo({ env: {} });
      assert.equal(await run(["wait", "--task-id", TASK, "--json"], io, fixed([{}])), 2);
      const last = JSON.parse(io.out().trimEnd()) as Record<string, unknown>;
      assert.deepEqual([last["type"], last["outcome"], last["exitCode"]], ["result", "configuration-error", 2]);
    });
  });
});
