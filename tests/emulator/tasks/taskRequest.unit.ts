import { strict as assert } from "node:assert";
import { EmulatorInputError } from "../../../emulator/control/inputError";
import { parseTaskRequest, REDIS_TASK_DEFAULTS } from "../../../emulator/tasks/taskRequest";
import { presetTimeline } from "../../../emulator/timelinePresets";

function rejects(input: unknown, field: string, message: RegExp): void {
  assert.throws(
    () => parseTaskRequest(input),
    (e: unknown) => {
      assert.ok(e instanceof EmulatorInputError, String(e));
      assert.equal(e.field, field);
      assert.match(e.message, message);
      return true;
    },
  );
}

describe("parseTaskRequest", () => {
  it("fills a scripted task's defaults: linear preset, numbers, real time", () => {
    const spec = parseTaskRequest({ kind: "scripted" });
    assert.equal(spec.kind, "scripted");
    if (spec.kind !== "scripted") return;
    assert.equal(spec.preset, "linear");
    assert.equal(spec.fieldFormat, "number");
    assert.equal(spec.timeScale, 1);
    assert.deepEqual(spec.timeline, presetTimeline("linear"));
  });

  it("lays timeline overrides over a preset", () => {
    const spec = parseTaskRequest({
      kind: "scripted",
      preset: "stall-63",
      durationMs: 1000,
      timeline: { sourceKeys: 7, phases: [{ kind: "ramp", to: 80, durationMs: 10 }] },
    });
    if (spec.kind !== "scripted") return assert.fail("scripted expected");
    assert.equal(spec.timeline.sourceKeys, 7);
    assert.deepEqual(spec.timeline.phases, [{ kind: "ramp", to: 80, durationMs: 10, shape: "linear" }]);
  });

  it("fills a Redis task's defaults", () => {
    const spec = parseTaskRequest({ kind: "redis", fieldFormat: "string" });
    assert.deepEqual({ ...spec, faults: [] }, { kind: "redis", id: undefined, fieldFormat: "string", faults: [], ...REDIS_TASK_DEFAULTS });
  });

  it("rejects a body that is not an object", () => rejects([1], "body", /JSON object, got an array/));
  it("rejects a missing kind", () => rejects({}, "kind", /one of "scripted", "redis", got nothing/));
  it("rejects an unknown preset, listing the presets", () => rejects({ kind: "scripted", preset: "fast" }, "preset", /linear, s-curve.*got "fast"/));
  it("rejects a field of the other kind", () => rejects({ kind: "scripted", keys: 5 }, "keys", /Unknown field `keys`/));
  it("rejects a time scale of 0", () => rejects({ kind: "scripted", timeScale: 0 }, "timeScale", /> 0, got 0/));
  it("rejects progress above 100 in a phase", () =>
    rejects({ kind: "scripted", timeline: { phases: [{ kind: "ramp", to: 101, durationMs: 1 }] } }, "timeline.phases[0].to", /<= 100, got 101/));
  it("rejects a phase of unknown kind", () =>
    rejects({ kind: "scripted", timeline: { phases: [{ kind: "jump" }] } }, "timeline.phases[0].kind", /"ramp", "hold", "drop"/));
  it("rejects more missing keys than source keys", () =>
    rejects({ kind: "scripted", sourceKeys: 5, timeline: { missingKeys: 6 } }, "timeline.missingKeys", /<= sourceKeys \(5\), got 6/));
  it("rejects fractional key counts", () => rejects({ kind: "redis", keys: 1.5 }, "keys", /integer, got 1.5/));
  it("rejects a TTL fraction above 1", () => rejects({ kind: "redis", ttlFraction: 2 }, "ttlFraction", /<= 1, got 2/));
  it("rejects a task id with a slash", () => rejects({ kind: "redis", id: "a/b" }, "id", /letters, digits/));
  it("rejects a number sent as a string", () => rejects({ kind: "redis", keys: "100" }, "keys", /finite number, got "100"/));
  it("rejects a bad fault inside the task, naming its path", () =>
    rejects({ kind: "scripted", faults: [{ kind: "delay" }] }, "faults[0].delayMs", /finite number, got nothing/));
});
