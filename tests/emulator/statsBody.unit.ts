import { strict as assert } from "node:assert";
import fc from "fast-check";
import { renderStatsBody, statsWireObject } from "../../emulator/statsBody";
import type { StatsFields } from "../../emulator/statsFields";

const EXAMPLE: StatsFields = {
  fullMigrationProgress: 100,
  offset: 100,
  sourceDbsize: 531221,
  targetDbsize: 531211,
  targetInputKbps: 50,
  targetOps: 5300,
  isMigrating: true,
};

describe("renderStatsBody", () => {
  it("writes the API page's example byte for byte (numbers)", () => {
    assert.equal(
      renderStatsBody(EXAMPLE, "number"),
      '{"full_migration_progress":100,"offset":100,"source_dbsize":531221,"target_dbsize":531211,"target_input_kbps":50,"target_ops":5300,"is_migrating":true}',
    );
  });

  it("writes numeric fields as strings and is_migrating as a boolean in string format (the page's table)", () => {
    assert.deepEqual(JSON.parse(renderStatsBody(EXAMPLE, "string")), {
      full_migration_progress: "100",
      offset: "100",
      source_dbsize: "531221",
      target_dbsize: "531211",
      target_input_kbps: "50",
      target_ops: "5300",
      is_migrating: true,
    });
  });

  it("replaces or removes one field for the malformed fault", () => {
    assert.equal(JSON.parse(renderStatsBody(EXAMPLE, "number", { field: "full_migration_progress", value: "abc" })).full_migration_progress, "abc");
    assert.equal("offset" in JSON.parse(renderStatsBody(EXAMPLE, "number", { field: "offset" })), false);
  });

  it("is the same JSON as JSON.stringify of the wire object, for any values", () => {
    const n = fc.double({ min: 0, max: 1e12, noNaN: true });
    fc.assert(
      fc.property(n, n, n, n, n, n, fc.boolean(), fc.constantFrom("number" as const, "string" as const), (a, b, c, d, e, f, m, format) => {
        const s: StatsFields = { fullMigrationProgress: a, offset: b, sourceDbsize: c, targetDbsize: d, targetInputKbps: e, targetOps: f, isMigrating: m };
        assert.equal(renderStatsBody(s, format), JSON.stringify(statsWireObject(s, format)));
      }),
    );
  });
});
