import assert from "node:assert/strict";
import { NetworkError } from "../../../provider/dcs/apiErrors";
import { formatDuration, formatEta } from "../../../provider/waiter/formatDuration";
import { formatProgressLine } from "../../../provider/waiter/formatProgressLine";
import type { WaitObservationEvent } from "../../../provider/waiter/waitEvent";
import { makeStats } from "../../support/statsFixture";

const TASK = "7f3c1a2b-0000-4000-8000-000000000001";

function observation(partial: Partial<WaitObservationEvent>): WaitObservationEvent {
  return {
    type: "observation",
    taskId: TASK,
    phase: "full-sync",
    stats: makeStats({ fullMigrationProgress: 87.5, sourceDbsize: 531_221, targetDbsize: 480_113 }),
    elapsedSeconds: 60,
    polls: 7,
    keyTolerance: 53,
    stableSeconds: 0,
    stableForSeconds: 30,
    etaSeconds: 125,
    nextPollSeconds: 10,
    ...partial,
  };
}

describe("formatProgressLine", () => {
  it("shows progress, key counts with the gap, ops/s and ETA during the full sync", () => {
    assert.equal(
      formatProgressLine(observation({})),
      "dcs task 7f3c1a2b…: 87.5% full migration, keys 480 113 / 531 221 (Δ 51 108), 5 300 ops/s, ETA ~2m",
    );
  });

  it("leaves the ETA out while no trend is known", () => {
    assert.doesNotMatch(formatProgressLine(observation({ etaSeconds: undefined })), /ETA/);
  });

  it("shows how long the criteria have held while stabilizing", () => {
    const line = formatProgressLine(
      observation({
        phase: "stabilizing",
        stats: makeStats({ sourceDbsize: 531_221, targetDbsize: 531_211 }),
        stableSeconds: 12,
        etaSeconds: 18,
      }),
    );
    assert.equal(
      line,
      "dcs task 7f3c1a2b…: 100% full migration, keys 531 211 / 531 221 (Δ 10), 5 300 ops/s, stable 12s of 30s, gate in ~18s",
    );
  });

  it("shows the tolerance being converged to, and a negative gap when the target is ahead", () => {
    const line = formatProgressLine(
      observation({ phase: "converging", stats: makeStats({ sourceDbsize: 1000, targetDbsize: 1200 }), keyTolerance: 0 }),
    );
    assert.match(line, /keys 1 200 \/ 1 000 \(Δ -200\), 5 300 ops\/s, converging to within 0 keys/);
  });

  it("says when the gate opened", () => {
    assert.match(formatProgressLine(observation({ phase: "complete", elapsedSeconds: 252 })), /complete after 4m 12s$/);
  });

  it("describes a regression and a tolerated read error", () => {
    assert.equal(
      formatProgressLine({
        type: "regression",
        taskId: "short-id",
        elapsedSeconds: 10,
        polls: 2,
        stats: makeStats({ fullMigrationProgress: 12.5 }),
        previousProgress: 100,
      }),
      "dcs task short-id: progress fell back from 100% to 12.5% (the full sync restarted); still waiting",
    );
    assert.equal(
      formatProgressLine({
        type: "transient-error",
        taskId: TASK,
        elapsedSeconds: 10,
        polls: 2,
        error: new NetworkError("socket hang up", { code: "ECONNRESET" }),
        consecutiveErrors: 2,
        lastStats: undefined,
        nextPollSeconds: 10,
      }),
      "dcs task 7f3c1a2b…: reading stats failed (NetworkError: socket hang up); 2 in a row, retrying in 10s",
    );
  });
});

describe("formatDuration and formatEta", () => {
  it("keeps the two largest units", () => {
    assert.deepEqual(
      [0.4, 45, 60, 252, 3600, 3900, 3959].map(formatDuration),
      ["0s", "45s", "1m", "4m 12s", "1h", "1h 5m", "1h 5m"],
    );
  });
  it("rounds estimates to what is worth saying", () => {
    assert.deepEqual([0.2, 44.6, 125, 3900].map(formatEta), ["~1s", "~45s", "~2m", "~1h 5m"]);
  });
});
