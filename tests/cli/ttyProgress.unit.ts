import assert from "node:assert/strict";
import { TtyProgress } from "../../cli/ttyProgress";
import { NetworkError } from "../../provider/dcs/apiErrors";
import type { WaitObservationEvent } from "../../provider/waiter/waitEvent";
import { makeStats } from "../support/statsFixture";

function observation(elapsedSeconds: number): WaitObservationEvent {
  return {
    type: "observation",
    taskId: "7f3c1a2b-0000-4000-8000-000000000001",
    phase: "full-sync",
    stats: makeStats({ fullMigrationProgress: 50, sourceDbsize: 1000, targetDbsize: 500 }),
    elapsedSeconds,
    polls: 1,
    keyTolerance: 0,
    stableSeconds: 0,
    stableForSeconds: 30,
    etaSeconds: 90,
    nextPollSeconds: 10,
  };
}

describe("TtyProgress", () => {
  it("moves the elapsed time between reads when ticked, redrawing the same line", () => {
    let now = 0;
    const out: string[] = [];
    const tty = new TtyProgress({ write: (s: string) => out.push(s) }, 120, () => now);
    tty.onEvent(observation(60));
    now += 5_000;
    tty.tick();
    assert.equal(out.length, 2);
    assert.ok(out.every((frame) => frame.startsWith("\r\x1b[2K") && !frame.includes("\n")));
    assert.match(out[0] ?? "", /\[█{10}░{10}\]  50%  keys 500 \/ 1 000 \(Δ 500\)  5 300 ops\/s  1m  ETA ~2m$/);
    assert.match(out[1] ?? "", /  1m 5s  ETA ~2m$/);
  });

  it("prints a read error as a line above the bar, then redraws the bar", () => {
    const out: string[] = [];
    const tty = new TtyProgress({ write: (s: string) => out.push(s) }, 120, () => 0);
    tty.onEvent(observation(10));
    tty.onEvent({
      type: "transient-error",
      taskId: "7f3c1a2b-0000-4000-8000-000000000001",
      elapsedSeconds: 20,
      polls: 2,
      error: new NetworkError("socket hang up", {}),
      consecutiveErrors: 1,
      lastStats: undefined,
      nextPollSeconds: 10,
    });
    const text = out.join("");
    assert.match(text, /\r\x1b\[2Kdcs task 7f3c1a2b…: reading stats failed \(NetworkError: socket hang up\); 1 in a row, retrying in 10s\n\r\x1b\[2K7f3c1a2b…  \[/);
  });

  it("leaves the last bar on screen with a newline when the wait ends", () => {
    const out: string[] = [];
    const tty = new TtyProgress({ write: (s: string) => out.push(s) }, 120, () => 0);
    tty.onEvent(observation(10));
    tty.finish({ error: new Error("x") });
    assert.ok(out.join("").endsWith("\n"));
  });
});
