import assert from "node:assert/strict";
import { diffResource, type EffectiveLocation } from "../../../provider/pulumi/diffResource";
import { UNKNOWN_VALUE } from "../../../provider/pulumi/wireValues";

const HERE: EffectiveLocation = { projectId: "proj-a", endpoint: "https://dcs.cn-north-4.myhuaweicloud.com" };

/** Outputs of a completed wait created with region from the stack config. */
const COMPLETED = {
  taskId: "task-1",
  projectId: "proj-a",
  endpoint: "https://dcs.cn-north-4.myhuaweicloud.com",
  stableForSeconds: 30,
  timeoutSeconds: 3600,
  completed: true,
  fullMigrationProgress: 100,
  __provider: "exports.handler = old;",
};
const NEWS = { taskId: "task-1", stableForSeconds: 30, timeoutSeconds: 3600, __provider: "exports.handler = new;" };

describe("diffResource", () => {
  it("reports no change when only the provider code (__provider) or the URN input changed", () => {
    const d = diffResource(COMPLETED, { ...NEWS, __urn: "urn:pulumi:dev::p::t::renamed" }, HERE, true);
    assert.equal(d.changes, false);
    assert.deepEqual(d.replaces, []);
  });

  it("replaces when the task id changes", () => {
    const d = diffResource(COMPLETED, { ...NEWS, taskId: "task-2" }, HERE, true);
    assert.equal(d.changes, true);
    assert.deepEqual(d.replaces, ["taskId"]);
  });

  it("replaces when the effective project changes, even if it moved from stack config to nowhere in the inputs", () => {
    const d = diffResource(COMPLETED, NEWS, { ...HERE, projectId: "proj-b" }, true);
    assert.deepEqual(d.replaces, ["projectId"]);
  });

  it("does not replace when the same project is now passed as an argument instead of stack config", () => {
    const d = diffResource(COMPLETED, { ...NEWS, projectId: "proj-a" }, HERE, true);
    assert.equal(d.changes, false);
  });

  it("replaces when the effective endpoint changes, naming the input that moved it", () => {
    const d = diffResource(
      { ...COMPLETED, region: "cn-north-4" },
      { ...NEWS, region: "ap-southeast-1" },
      { ...HERE, endpoint: "https://dcs.ap-southeast-1.myhuaweicloud.com" },
      true,
    );
    assert.deepEqual(d.replaces, ["region"]);
  });

  it("does not wait again when only timing or tolerance of a completed wait changes", () => {
    const d = diffResource(
      COMPLETED,
      { ...NEWS, stableForSeconds: 600, timeoutSeconds: 10, keyCountTolerance: 5, maxOffset: "0" },
      HERE,
      true,
    );
    assert.equal(d.changes, false);
  });

  it("updates (resumes with the new options) when the options of a wait that has not completed change", () => {
    const d = diffResource({ ...COMPLETED, completed: false }, { ...NEWS, timeoutSeconds: 7200 }, HERE, true);
    assert.equal(d.changes, true);
    assert.deepEqual(d.replaces, []);
  });

  it("updates without replacing when credentials change", () => {
    const d = diffResource({ ...COMPLETED, accessKey: "AK1", secretKey: "s1" }, { ...NEWS, accessKey: "AK1", secretKey: "s2" }, HERE, true);
    assert.equal(d.changes, true);
    assert.deepEqual(d.replaces, []);
  });

  it("treats an input still unknown in preview as a change: unknown task id replaces", () => {
    const d = diffResource(COMPLETED, { ...NEWS, taskId: UNKNOWN_VALUE }, undefined, true);
    assert.equal(d.changes, true);
    assert.deepEqual(d.replaces, ["taskId"]);
  });

  it("compares what it can when the settings cannot be resolved in the provider", () => {
    assert.equal(diffResource(COMPLETED, NEWS, undefined, true).changes, false);
    assert.deepEqual(diffResource(COMPLETED, { ...NEWS, projectId: "proj-z" }, undefined, true).replaces, ["projectId"]);
  });
});
