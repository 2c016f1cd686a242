import { strict as assert } from "node:assert";
import { infoNumber, keyspaceKeys, parseInfo } from "../../../emulator/redis/redisInfo";
import { replicationStats, type ReplicationSnapshot } from "../../../emulator/redis/replicationStats";

// Shapes of INFO text as redis-server 7.0 writes it (CRLF, section headers).
const SOURCE = [
  "# Replication",
  "role:master",
  "connected_slaves:1",
  "master_repl_offset:5000",
  "",
  "# Stats",
  "instantaneous_ops_per_sec:120",
  "",
  "# Keyspace",
  "db0:keys=100000,expires=10000,avg_ttl=3599000",
  "",
].join("\r\n");

function target(lines: string[]): string {
  return ["# Replication", "role:slave", "master_host:127.0.0.1", ...lines, "", "# Stats", "instantaneous_input_kbps:12.5", "instantaneous_input_repl_kbps:100.25", "instantaneous_ops_per_sec:300", ""].join("\r\n");
}

function snapshot(targetLines: string[], extra: Partial<ReplicationSnapshot> = {}): ReplicationSnapshot {
  return {
    sourceInfo: parseInfo(SOURCE),
    targetInfo: parseInfo(target(targetLines)),
    sourceDbsize: 100_000,
    targetDbsize: undefined,
    migrating: true,
    previousProgress: 0,
    ...extra,
  };
}

describe("parseInfo and friends", () => {
  it("reads fields, skipping section headers and blank lines", () => {
    const info = parseInfo(SOURCE);
    assert.equal(info.get("role"), "master");
    assert.equal(infoNumber(info, "master_repl_offset"), 5000);
    assert.equal(info.has("# Replication"), false);
  });

  it("sums keys over every database of INFO keyspace", () => {
    assert.equal(keyspaceKeys(parseInfo("db0:keys=10,expires=1,avg_ttl=0\r\ndb3:keys=5,expires=0,avg_ttl=0\r\n")), 15);
    assert.equal(keyspaceKeys(parseInfo("# Keyspace\r\n")), 0);
  });
});

describe("replicationStats (two real servers mapped onto the API)", () => {
  it("reports 0 % while the source is still writing the RDB (total bytes −1)", () => {
    const s = replicationStats(snapshot(["master_link_status:down", "master_sync_in_progress:1", "master_sync_total_bytes:-1", "master_sync_read_bytes:0"]));
    assert.equal(s.fullMigrationProgress, 0);
  });

  it("maps the RDB transfer onto the first half of the progress", () => {
    const s = replicationStats(
      snapshot(["master_link_status:down", "master_sync_in_progress:1", "master_sync_total_bytes:2000", "master_sync_read_bytes:1000", "loading:0"]),
    );
    assert.equal(s.fullMigrationProgress, 25);
  });

  it("maps the RDB load onto the second half, and takes key counts from INFO keyspace while DBSIZE answers LOADING", () => {
    const lines = [
      "master_link_status:down",
      "master_sync_in_progress:1",
      "master_sync_total_bytes:2000",
      "master_sync_read_bytes:2000",
      "loading:1",
      "loading_loaded_perc:50.00",
      "",
      "# Keyspace",
      "db0:keys=48000,expires=4800,avg_ttl=0",
    ];
    const s = replicationStats(snapshot(lines));
    assert.equal(s.fullMigrationProgress, 74);
    assert.equal(s.targetDbsize, 48_000);
  });

  it("never reports 100 % before the link is up", () => {
    const s = replicationStats(
      snapshot(["master_link_status:down", "master_sync_in_progress:1", "master_sync_total_bytes:2000", "master_sync_read_bytes:2000", "loading:1", "loading_loaded_perc:100.00"]),
    );
    assert.equal(s.fullMigrationProgress, 99);
  });

  it("reports 100 % once master_link_status is up, with offset, traffic and DBSIZE from the servers", () => {
    const s = replicationStats(snapshot(["master_link_status:up", "master_sync_in_progress:0", "slave_repl_offset:4900"], { targetDbsize: 99_990 }));
    assert.deepEqual(s, {
      fullMigrationProgress: 100,
      offset: 100,
      sourceDbsize: 100_000,
      targetDbsize: 99_990,
      targetInputKbps: 112.75,
      targetOps: 300,
      isMigrating: true,
    });
  });

  it("falls back to 0 % when the link is down and a new sync has not started", () => {
    const s = replicationStats(snapshot(["master_link_status:down", "master_sync_in_progress:0"], { previousProgress: 100 }));
    assert.equal(s.fullMigrationProgress, 0);
  });

  it("keeps the last progress and reports not migrating once the target was promoted (stopped)", () => {
    const promoted = "# Replication\r\nrole:master\r\nmaster_repl_offset:5000\r\n";
    const s = replicationStats({ ...snapshot([]), targetInfo: parseInfo(promoted), migrating: false, previousProgress: 100 });
    assert.equal(s.fullMigrationProgress, 100);
    assert.equal(s.isMigrating, false);
    assert.equal(s.offset, 0);
  });
});
