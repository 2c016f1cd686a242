import * as assert from "node:assert/strict";
import { githubOutputText, summaryMarkdown, waitOutputs } from "../../action/waitOutputs";
import { parseKeyValueFile } from "../support/githubFileCommands";

const stats = (progress: number, source: number, target: number): Record<string, unknown> => ({ fullMigrationProgress: progress, sourceDbsize: source, targetDbsize: target });
const ndjson = (...lines: unknown[]): string => lines.map((l) => JSON.stringify(l)).join("\n") + "\n";

describe("action/waitOutputs.js (the GitHub Action's step outputs from `dcs-migration wait --json`)", () => {
  it("takes the stats of a completed wait from its result", () => {
    const out = waitOutputs(ndjson({ type: "observation", stats: stats(90, 10, 5) }, { type: "result", outcome: "complete", exitCode: 0, stats: stats(100, 10, 10), waitedSeconds: 12.5, polls: 4 }), 0);
    assert.deepEqual(out, { completed: "true", "exit-code": "0", outcome: "complete", progress: "100", "source-keys": "10", "target-keys": "10", "waited-seconds": "12.5", polls: "4", status: "", message: "" });
  });

  it("takes a failed wait's last stats and message from the error, and the task's status from the last task-status line", () => {
    const out = waitOutputs(
      ndjson(
        { type: "task-status", status: "FULLMIGRATING" },
        { type: "observation", stats: stats(41, 100, 41) },
        { type: "task-status", status: "FAILED" },
        { type: "result", outcome: "failed", exitCode: 1, error: { name: "MigrationFailedError", message: "task t is FAILED: disk full\nat 41 %", status: 400, lastStats: stats(41, 100, 41), waitedSeconds: 3, polls: 2 } },
      ),
      1,
    );
    assert.equal(out["status"], "FAILED");
    assert.equal(out["progress"], "41");
    assert.equal(out["message"], "task t is FAILED: disk full\nat 41 %");
    assert.equal(out["completed"], "false");
  });

  it("without a result line (a bad flag) names the outcome from the exit code and leaves the stats empty", () => {
    assert.deepEqual(waitOutputs("", 2), { completed: "false", "exit-code": "2", outcome: "configuration-error", progress: "", "source-keys": "", "target-keys": "", "waited-seconds": "", polls: "", status: "", message: "" });
    assert.equal(waitOutputs("not json\n", 5)["outcome"], "credential-expired");
  });

  it("writes values GitHub reads back intact, a multi-line message included", () => {
    const outputs = { message: "line one\nline two=3\nghadelimiter_x", progress: "41" };
    assert.deepEqual(parseKeyValueFile(githubOutputText(outputs), "GITHUB_OUTPUT"), outputs);
  });

  it("summarises in a Markdown table without letting a message break it", () => {
    const md = summaryMarkdown("t-1", { completed: "false", "exit-code": "3", outcome: "timeout", status: "", progress: "63", "source-keys": "9", "target-keys": "5", "waited-seconds": "60", polls: "7", message: "Timed out | after\n60 s" });
    assert.match(md, /^### DCS migration gate: closed$/m);
    assert.match(md, /^\| message \| Timed out \\\| after 60 s \|$/m);
    assert.doesNotMatch(md, /\| status \|/);
  });
});
