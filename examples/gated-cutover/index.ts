/**
 * A cut-over that cannot start before the DCS online migration has really finished.
 *
 *   WaitForMigration "migration"        `pulumi up` blocks here until the task is complete
 *     ├─ random.RandomId "cutover-token"   created only after the gate opened (dependsOn)
 *     └─ AppSetting "redis-endpoint"       the app's Redis setting, switched to the new instance
 *
 * Nothing that depends on the gate is created (or updated) before it opens: if the migration
 * fails, stalls or times out, `pulumi up` stops with the task's last stats and the cut-over is
 * left as it was. After a timeout, the next `pulumi up` resumes the wait.
 *
 * Config: `gated-cutover:taskId`, `gated-cutover:newRedisEndpoint` (what the app should use
 * after the cut-over), and the `huaweicloud:*` settings (or HW_* environment variables).
 */
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { WaitForMigration } from "pulumi-dcs-migration";

const config = new pulumi.Config();

const migration = new WaitForMigration("migration", {
  taskId: config.require("taskId"),
  // Complete = progress 100 % and key counts within 0.01 %, held for 60 s on every read.
  requiredProgress: 100,
  keyCountToleranceRatio: 0.0001,
  stableForSeconds: 60,
  // Give up after 2 h (the next `pulumi up` resumes), or after 15 min without any movement.
  timeoutSeconds: 2 * 3600,
  stallTimeoutSeconds: 15 * 60,
});

// A token the cut-over runbook (or the app) uses to tell this cut-over from an earlier one.
const cutoverToken = new random.RandomId("cutover-token", { byteLength: 8 }, { dependsOn: [migration] });

interface AppSettingInputs {
  key: string;
  value: string;
  cutoverToken: string;
  migrationCompletedAt: string;
}

interface AppSettingOutputs extends AppSettingInputs {
  appliedAt: string;
}

// Stands in for whatever really moves the traffic: a DNS record, a config-center entry, a
// Kubernetes ConfigMap. Self-contained, because Pulumi serializes it into the state.
const appSettingProvider: pulumi.dynamic.ResourceProvider<AppSettingInputs, AppSettingOutputs> = {
  async create(inputs) {
    return { id: inputs.key, outs: { ...inputs, appliedAt: new Date().toISOString() } };
  },
  async update(_id, _olds, news) {
    return { outs: { ...news, appliedAt: new Date().toISOString() } };
  },
};

class AppSetting extends pulumi.dynamic.Resource {
  declare readonly value: pulumi.Output<string>;
  declare readonly appliedAt: pulumi.Output<string>;
  constructor(name: string, args: { [K in keyof AppSettingInputs]: pulumi.Input<string> }, opts?: pulumi.CustomResourceOptions) {
    super(appSettingProvider, name, { ...args, appliedAt: undefined }, opts);
  }
}

const redisEndpoint = new AppSetting(
  "redis-endpoint",
  {
    key: "app/redis-endpoint",
    value: config.require("newRedisEndpoint"),
    cutoverToken: cutoverToken.hex,
    migrationCompletedAt: migration.completedAt,
  },
  { dependsOn: [migration] },
);

export const migrationCompletedAt = migration.completedAt;
export const waitedSeconds = migration.waitedSeconds;
export const finalKeys = pulumi.interpolate`${migration.targetDbsize} / ${migration.sourceDbsize}`;
export const token = cutoverToken.hex;
export const redisEndpointAppliedAt = redisEndpoint.appliedAt;
