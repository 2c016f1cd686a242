import * as assert from "node:assert/strict";
import * as path from "node:path";
import { createPulumiWorkspace, type PulumiWorkspace } from "../support/pulumiWorkspace";
import { describeRun } from "../support/runPulumi";

const SMOKE_PROGRAM = path.join(__dirname, "fixtures", "smoke");

describe("the Pulumi toolchain, end to end (smoke)", function () {
  this.timeout(600_000);
  const workspaces: PulumiWorkspace[] = [];
  after(async () => {
    await Promise.all(workspaces.map((ws) => ws.cleanup()));
  });

  it("creates a dynamic resource with `pulumi up`, shows its output, and removes it with `pulumi destroy`", async () => {
    const ws = await createPulumiWorkspace({ programDir: SMOKE_PROGRAM, config: { "smoke:word": "ping" } });
    workspaces.push(ws);

    const up = await ws.run(["up", "--yes"]);
    assert.equal(up.code, 0, describeRun(up));
    assert.match(up.stdout, /\+ 2 created/, describeRun(up));

    const outputs = await ws.run(["stack", "output", "--json"]);
    assert.equal(outputs.code, 0, describeRun(outputs));
    assert.deepEqual(JSON.parse(outputs.stdout), { shout: "PING", echoId: "echo-ping" });

    const destroy = await ws.run(["destroy", "--yes"]);
    assert.equal(destroy.code, 0, describeRun(destroy));
    assert.match(destroy.stdout, /- 2 deleted/, describeRun(destroy));

    const exported = await ws.run(["stack", "export"]);
    assert.equal(exported.code, 0, describeRun(exported));
    const state = JSON.parse(exported.stdout) as { deployment: { resources?: unknown[] } };
    assert.deepEqual(state.deployment.resources ?? [], [], "the stack still holds resources after destroy");
  });

  it("fails `pulumi up` with a non-zero exit code and the program's own error message when the program throws", async () => {
    const ws = await createPulumiWorkspace({
      programDir: SMOKE_PROGRAM,
      config: { "smoke:word": "ping", "smoke:failOnPurpose": "true" },
    });
    workspaces.push(ws);

    const up = await ws.run(["up", "--yes"]);
    assert.notEqual(up.code, 0, describeRun(up));
    assert.match(`${up.stdout}\n${up.stderr}`, /smoke program failed on purpose/, describeRun(up));
  });
});
