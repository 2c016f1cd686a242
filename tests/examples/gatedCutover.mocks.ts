import assert from "node:assert/strict";
import Module from "node:module";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";

/** What the engine is told about one resource: its inputs and what it waits for. */
interface Registration {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly inputs: Record<string, unknown>;
  readonly dependencies: readonly string[];
  /** Input name → URNs of the resources whose outputs feed it. */
  readonly propertyDependencies: ReadonlyMap<string, readonly string[]>;
}

const PROJECT = "gated-cutover";
const TOKEN_HEX = "5eed0ccafe0ff1ce";
const COMPLETED_AT = "2025-01-01T02:00:00.000Z";

/** The subset of a RegisterResourceRequest (the engine protocol's message) read here. */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { forEach(cb: (deps: { getUrnsList(): string[] }, key: string) => void): void };
}
type RegisterCallback = (error: Error | null, response?: { getUrn(): string }) => void;
interface ResourceMonitor {
  registerResource(req: RegisterRequest, callback: RegisterCallback): void;
}

/**
 * Pulumi's mock engine, with every registration's dependencies recorded: the mocks' own
 * `newResource` sees the inputs but not `dependsOn`, which is what this example is about.
 */
async function mockEngine(): Promise<{ registrations: Registration[]; inputsByName: Map<string, Record<string, unknown>> }> {
  const registrations: Registration[] = [];
  const inputsByName = new Map<string, Record<string, unknown>>();
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        inputsByName.set(args.name, args.inputs as Record<string, unknown>);
        if (args.type === "random:index/randomId:RandomId") return { id: TOKEN_HEX, state: { ...args.inputs, hex: TOKEN_HEX, b64Std: "Xu0MyvoP8c4=" } };
        if (args.type === "pulumi-nodejs:dynamic/dcs:WaitForMigration") {
          return { id: "gate-id", state: { ...args.inputs, completed: true, completedAt: COMPLETED_AT, sourceDbsize: 100, targetDbsize: 100 } };
        }
        return { id: `${args.name}-id`, state: { ...args.inputs, appliedAt: "2025-01-01T02:00:01.000Z" } };
      },
      call: () => ({}),
    },
    PROJECT,
    "dev",
    false,
  );
  const monitor = pulumi.runtime.getMonitor() as unknown as ResourceMonitor;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    register(req, (error, response) => {
      if (response !== undefined) {
        const propertyDependencies = new Map<string, string[]>();
        req.getPropertydependenciesMap().forEach((deps, key) => propertyDependencies.set(key, deps.getUrnsList()));
        registrations.push({
          type: req.getType(),
          name: req.getName(),
          urn: response.getUrn(),
          inputs: inputsByName.get(req.getName()) ?? {},
          dependencies: req.getDependenciesList(),
          propertyDependencies,
        });
      }
      callback(error, response);
    });
  };
  return { registrations, inputsByName };
}

/**
 * Loads the example as its own project would: `pulumi-dcs-migration` is this checkout's SDK
 * (what `npm install` of the package gives it; tsconfig's path mapping only serves the type check).
 */
function loadExample(): Record<string, unknown> {
  const sdk = require.resolve("../../sdk");
  const resolver = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
  const original = resolver._resolveFilename;
  resolver._resolveFilename = (request, ...rest) => (request === "pulumi-dcs-migration" ? sdk : original.call(Module, request, ...rest));
  try {
    return require(join(__dirname, "..", "..", "examples", "gated-cutover", "index.ts")) as Record<string, unknown>;
  } finally {
    resolver._resolveFilename = original;
  }
}

function settle<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}

describe("examples/gated-cutover under Pulumi's mocks", () => {
  let registrations: Registration[];
  let program: Record<string, unknown>;

  before(async () => {
    ({ registrations } = await mockEngine());
    pulumi.runtime.setAllConfig({ [`${PROJECT}:taskId`]: "task-1", [`${PROJECT}:newRedisEndpoint`]: "redis://new-instance:6379" });
    program = loadExample();
    // The last resource in the chain: once it is applied, everything before it is registered.
    await settle(program["redisEndpointAppliedAt"] as pulumi.Output<string>);
  });

  function registered(type: string): Registration {
    const found = registrations.filter((r) => r.type === type);
    assert.equal(found.length, 1, `expected one ${type}, got ${found.map((r) => r.name).join(", ") || "none"}`);
    return found[0] as Registration;
  }

  it("registers the gate with the example's completion rule", () => {
    const gate = registered("pulumi-nodejs:dynamic/dcs:WaitForMigration");
    assert.equal(gate.inputs["taskId"], "task-1");
    assert.equal(gate.inputs["stableForSeconds"], 60);
    assert.equal(gate.inputs["timeoutSeconds"], 7200);
  });

  it("registers the RandomId cut-over token as depending on the gate, so it is created only once the migration is complete", () => {
    const gate = registered("pulumi-nodejs:dynamic/dcs:WaitForMigration");
    const token = registered("random:index/randomId:RandomId");
    assert.equal(token.name, "cutover-token");
    assert.equal(token.inputs["byteLength"], 8);
    assert.ok(token.dependencies.includes(gate.urn), `cutover-token depends on ${JSON.stringify(token.dependencies)}, not on the gate`);
  });

  it("feeds the token's output and the gate's completion time into the cut-over, which also waits for the gate", async () => {
    const gate = registered("pulumi-nodejs:dynamic/dcs:WaitForMigration");
    const token = registered("random:index/randomId:RandomId");
    const cutover = registrations.find((r) => r.name === "redis-endpoint");
    assert.ok(cutover !== undefined, "the cut-over resource was not registered");
    assert.equal(cutover.inputs["cutoverToken"], TOKEN_HEX);
    assert.deepEqual(cutover.propertyDependencies.get("cutoverToken"), [token.urn]);
    assert.equal(cutover.inputs["migrationCompletedAt"], COMPLETED_AT);
    assert.equal(cutover.inputs["value"], "redis://new-instance:6379");
    assert.ok(cutover.dependencies.includes(gate.urn), "the cut-over does not depend on the gate");
    assert.equal(await settle(program["token"] as pulumi.Output<string>), TOKEN_HEX);
  });
});
