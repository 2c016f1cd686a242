/**
 * A Redis migration end to end on Huawei Cloud: the migration task is created with the
 * Terraform-bridged `huaweicloud` provider (`huaweicloud_dcs_online_data_migration_task`), and the
 * cut-over (a DNS record moved to the new Redis) waits on this package's `WaitForMigration`.
 *
 * Not runnable in this repository (no Huawei Cloud, and the bridged provider cannot be fetched
 * here): see README.md for the set-up, and why the gate is needed on top of Terraform's own wait.
 *
 * Config (project namespace): vpcId, subnetId, securityGroupId, sourceInstanceId,
 * targetInstanceId, sourcePassword and targetPassword (both `--secret`), dnsZoneId, redisRecordName
 * (e.g. `redis.internal.example.com.`), targetRedisAddress (the new instance's domain name). The
 * provider config `huaweicloud:region` / `accessKey` / `secretKey` / `projectId` serves both packages.
 */
import * as huaweicloud from "@pulumi/huaweicloud"; // sdks/huaweicloud, from `pulumi package add terraform-provider huaweicloud/huaweicloud`
import * as pulumi from "@pulumi/pulumi";
import { WaitForMigration } from "pulumi-dcs-migration";

const config = new pulumi.Config();

// Terraform's create returns once the task reaches INCRMIGEATING (incremental sync has *started*)
// or, for a full migration, SUCCESS; it polls for at most this long (Terraform's default: 30m).
const task = new huaweicloud.DcsOnlineDataMigrationTask(
  "redis-migration",
  {
    taskName: "redis-cutover",
    vpcId: config.require("vpcId"),
    subnetId: config.require("subnetId"),
    securityGroupId: config.require("securityGroupId"),
    migrationMethod: "incremental_migration",
    resumeMode: "auto",
    sourceInstances: [{ id: config.require("sourceInstanceId"), password: config.requireSecret("sourcePassword") }],
    targetInstances: [{ id: config.require("targetInstanceId"), password: config.requireSecret("targetPassword") }],
  },
  {
    customTimeouts: { create: "30m" },
    // Deleting this resource stops the incremental sync (the bridged provider's delete); keep it
    // until the old Redis is retired, not just until the cut-over.
    protect: true,
  },
);

// Our gate: full migration at 100 %, key counts converged within tolerance, held for 60 s — read
// from the task's /stats, which Terraform's wait never looks at.
const gate = new WaitForMigration("redis-migration-gate", {
  taskId: task.id, // the resource's id is the migration task id
  stableForSeconds: 60,
  stallTimeoutSeconds: 15 * 60,
  timeoutSeconds: 4 * 3600, // a timeout saves the gate as not complete; the next `pulumi up` resumes it
});

// The cut-over: the name the application uses now points at the new Redis, only after the gate.
const record = new huaweicloud.DnsRecordset(
  "redis",
  {
    zoneId: config.require("dnsZoneId"),
    name: config.require("redisRecordName"),
    type: "CNAME",
    ttl: 60,
    records: [config.require("targetRedisAddress")],
  },
  { dependsOn: [gate] },
);

export const migrationTaskId = task.id;
export const migrationTaskStatus = task.status; // INCRMIGEATING when Terraform's create returned
export const gateCompletedAt = gate.completedAt;
export const keys = pulumi.interpolate`${gate.targetDbsize} / ${gate.sourceDbsize}`;
export const cutoverRecord = record.name;
