// @ts-check
"use strict";
/**
 * action.yml's step outputs: `node waitOutputs.js <ndjson file> <exit code>` reads what
 * `dcs-migration wait --json` printed (one object per read, then `{"type":"result",…}`) and appends
 * the outputs to $GITHUB_OUTPUT and a table to $GITHUB_STEP_SUMMARY. The exit code is the
 * process's own (it is there even when the CLI printed no result, e.g. on a bad flag); the rest
 * comes from the result, or from the last read when the result has no stats (an API error).
 * Plain Node (no dependencies, no build): the action runs from its own checkout.
 */
const crypto = require("node:crypto");
const fs = require("node:fs");

/** @typedef {Record<string, unknown>} Json */

/** @param {unknown} v @returns {Json | undefined} */
const object = (v) => (v !== null && typeof v === "object" && !Array.isArray(v) ? /** @type {Json} */ (v) : undefined);

/** The `outcome` words of `wait --json` (cli/exitCodes.ts), for when no result line was printed. */
const OUTCOME_OF_EXIT_CODE = /** @type {Record<string, string>} */ ({
  0: "complete",
  1: "failed",
  2: "configuration-error",
  3: "timeout",
  4: "api-error",
  5: "credential-expired",
  70: "internal-error",
  130: "interrupted",
});

/**
 * @param {string} ndjson
 * @param {number} exitCode
 * @returns {Record<string, string>}
 */
function waitOutputs(ndjson, exitCode) {
  /** @type {Json[]} */
  const lines = [];
  for (const line of ndjson.split("\n")) {
    if (line.trim() === "") continue;
    try {
      const parsed = object(JSON.parse(line));
      if (parsed !== undefined) lines.push(parsed);
    } catch {
      // Not a JSON line (the CLI prints only JSON on stdout with --json; be lenient all the same).
    }
  }
  const result = [...lines].reverse().find((l) => l["type"] === "result") ?? {};
  const error = object(result["error"]) ?? {};
  const lastRead = [...lines].reverse().map((l) => object(l["stats"]) ?? object(l["lastStats"])).find((s) => s !== undefined);
  const stats = object(result["stats"]) ?? object(error["lastStats"]) ?? lastRead ?? {};
  // `status`: the task's own (e.g. INCRMIGEATING, FAILED) where the CLI reports it — on the result,
  // or the last `{"type":"task-status"}` line of a CLI that reads the task record; an ApiError's
  // numeric HTTP `status` is not it.
  const lastTaskStatus = [...lines].reverse().find((l) => l["type"] === "task-status")?.["status"];
  const status = [result["status"], lastTaskStatus, stats["status"], error["taskStatus"], error["status"]].find((s) => typeof s === "string" && s !== "");
  /** @param {unknown} v */
  const text = (v) => (v === undefined || v === null ? "" : String(v));
  return {
    completed: String(exitCode === 0),
    "exit-code": String(exitCode),
    outcome: text(result["outcome"] ?? OUTCOME_OF_EXIT_CODE[String(exitCode)] ?? "internal-error"),
    progress: text(stats["fullMigrationProgress"]),
    "source-keys": text(stats["sourceDbsize"]),
    "target-keys": text(stats["targetDbsize"]),
    "waited-seconds": text(result["waitedSeconds"] ?? error["waitedSeconds"]),
    polls: text(result["polls"] ?? error["polls"]),
    status: text(status),
    message: text(error["message"]),
  };
}

/**
 * `name<<delimiter` blocks: the only $GITHUB_OUTPUT form that is safe for any value (a message may
 * span lines); the delimiter is random so no value can end the block early.
 * @param {Record<string, string>} outputs
 */
function githubOutputText(outputs) {
  return Object.entries(outputs)
    .map(([name, value]) => {
      const delimiter = `ghadelimiter_${crypto.randomUUID()}`;
      return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    })
    .join("");
}

/** @param {string} s */
const cell = (s) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

/**
 * @param {string} taskId
 * @param {Record<string, string>} o
 */
function summaryMarkdown(taskId, o) {
  const rows = [
    ["task", `\`${taskId}\``],
    ["outcome", `**${o["outcome"]}** (exit code ${o["exit-code"]})`],
    ["status", o["status"] ?? ""],
    ["full migration", o["progress"] === "" ? "" : `${o["progress"]} %`],
    ["keys (target / source)", o["source-keys"] === "" ? "" : `${o["target-keys"]} / ${o["source-keys"]}`],
    ["waited", o["waited-seconds"] === "" ? "" : `${o["waited-seconds"]} s, ${o["polls"]} reads`],
    ["message", o["message"] ?? ""],
  ].filter(([, v]) => v !== "");
  return [`### DCS migration gate: ${o["completed"] === "true" ? "open" : "closed"}`, "", "| | |", "|---|---|", ...rows.map(([k, v]) => `| ${k} | ${cell(String(v))} |`), ""].join("\n") + "\n";
}

function main() {
  const [file, code] = process.argv.slice(2);
  const exitCode = Number(code);
  if (file === undefined || !Number.isInteger(exitCode)) throw new Error("usage: waitOutputs.js <ndjson file> <exit code>");
  const outputs = waitOutputs(fs.readFileSync(file, "utf8"), exitCode);
  const outputFile = process.env["GITHUB_OUTPUT"];
  if (outputFile) fs.appendFileSync(outputFile, githubOutputText(outputs));
  const summaryFile = process.env["GITHUB_STEP_SUMMARY"];
  if (summaryFile) fs.appendFileSync(summaryFile, summaryMarkdown(process.env["DCS_TASK_ID"] ?? "", outputs));
}

if (require.main === module) main();

module.exports = { waitOutputs, githubOutputText, summaryMarkdown };
