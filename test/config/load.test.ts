import * as assert from "assert";
import { RunError } from "@pulumi/pulumi";
import { ConfigError, loadStackConfig } from "../../config";
import { configKeys } from "../../config/keys";

const now = new Date("2026-11-22T12:00:00Z");

function errorOf(raw: Record<string, unknown>): string {
    try {
        loadStackConfig(raw, now);
    } catch (e) {
        assert.ok(e instanceof ConfigError, `expected ConfigError, got ${e}`);
        // the CLI prints a RunError's message alone, without a stack trace (test/engine checks it)
        assert.ok(RunError.isInstance(e), "ConfigError is a pulumi RunError");
        return (e as Error).message;
    }
    assert.fail("expected a ConfigError");
}

const cron = "a five-field cron expression such as '0 3 * * *' (minute 0-59, hour 0-23, day of month 1-31, month 1-12 or JAN-DEC, "
    + "day of week 0-6 or SUN-SAT; '*', '?', ranges, lists and '/' steps) or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly";

const role = "a PostgreSQL role name (lowercase, digits, '_') other than the superuser 'postgres', the reserved 'public', 'none' and 'pg_*', "
    + "and the keywords 'current_user', 'session_user', 'current_role' and 'all'";
const database = "a database name (lowercase, digits, '_') other than postgres, template0, template1 (the server's own)";
const repmgrImage = "registry.example/postgres-k8s-repmgr:15.18-5.3.3-4.3.5";

describe("config/load", () => {
    it("fills every key with its default when the stack sets nothing", () => {
        const c = loadStackConfig({}, now);
        for (const [k, spec] of Object.entries(configKeys)) assert.deepStrictEqual((c as any)[k], spec.default, k);
    });

    it("parses the strings Pulumi hands over into typed values and ignores other namespaces", () => {
        const c = loadStackConfig({
            "postgres-k8s:instances": "3", "postgres-k8s:protectData": "true",
            "postgres-k8s:allowedClients": '["app=web"]', "postgres-k8s:postgresqlParameters": '{"work_mem":"8MB","jit":false}',
            "kubernetes:context": "kind",
        }, now);
        assert.strictEqual(c.instances, 3);
        assert.strictEqual(c.protectData, true);
        assert.deepStrictEqual(c.allowedClients, ["app=web"]);
        assert.deepStrictEqual(c.postgresqlParameters, { work_mem: "8MB", jit: false });
    });

    const cases: [string, Record<string, unknown>, string][] = [
        ["instances < 1", { instances: "0" },
            "Invalid config postgres-k8s:instances = 0; allowed: an integer from 1 to 15."],
        ["instances of the wrong type", { instances: "three" },
            "Invalid config postgres-k8s:instances = 'three'; allowed: an integer from 1 to 15."],
        ["unknown key", { instancez: "3" },
            `Invalid config postgres-k8s:instancez = '3'; allowed: a known key: did you mean 'instances'? (every key: README.md, "Stack config").`],
        ["unknown key, nothing close", { frobnicate: "3" },
            `Invalid config postgres-k8s:frobnicate = '3'; allowed: a known key (every key: README.md, "Stack config").`],
        ["bad quantity", { storageSize: "10 gigs" },
            "Invalid config postgres-k8s:storageSize = '10 gigs'; allowed: a Kubernetes quantity above zero such as '10Gi'."],
        ["zero storage size", { storageSize: "0Gi" },
            "Invalid config postgres-k8s:storageSize = '0Gi'; allowed: a Kubernetes quantity above zero such as '10Gi'."],
        ["zero backup storage size", { backupStorageSize: "0" },
            "Invalid config postgres-k8s:backupStorageSize = '0'; allowed: a Kubernetes quantity above zero such as '50Gi'."],
        ["image digest that is not 64 hex digits", { image: "postgres:15.18@sha256:abc123" },
            "Invalid config postgres-k8s:image = 'postgres:15.18@sha256:abc123'; allowed: an image reference [registry[:port]/]path[:tag][@sha256:<64 hex>] (path in lowercase letters, digits and '.', '_', '-' separators) pinned by a tag other than 'latest' or by a sha256 digest."],
        ["backup deadline too short", { backupDeadlineSeconds: "60" },
            "Invalid config postgres-k8s:backupDeadlineSeconds = 60; allowed: an integer from 600 to 604800."],
        ["memory request above its limit", { memoryRequest: "2Gi", memoryLimit: "1Gi" },
            "Invalid config postgres-k8s:memoryRequest = '2Gi'; allowed: at most memoryLimit (1Gi)."],
        ["CPU request above its limit, in other units", { cpuRequest: "1500m", cpuLimit: "1" },
            "Invalid config postgres-k8s:cpuRequest = '1500m'; allowed: at most cpuLimit (1)."],
        ["backup Job memory request above its limit", { backupMemoryRequest: "2Gi", backupMemoryLimit: "1Gi" },
            "Invalid config postgres-k8s:backupMemoryRequest = '2Gi'; allowed: at most backupMemoryLimit (1Gi)."],
        ["backup Job CPU request above its limit", { backupCpuRequest: "2", backupCpuLimit: "500m" },
            "Invalid config postgres-k8s:backupCpuRequest = '2'; allowed: at most backupCpuLimit (500m)."],
        ["backup Job resources that are not quantities", { backupCpuLimit: "one core" },
            "Invalid config postgres-k8s:backupCpuLimit = 'one core'; allowed: a Kubernetes quantity such as '500m' or '2'."],
        ["a restore drill whose memory limit is below shared_buffers plus headroom", { backupEnabled: "true", restoreDrill: "30 5 * * *", memoryLimit: "2Gi", postgresqlParameters: '{"shared_buffers":"1GB"}' },
            "Invalid config postgres-k8s:backupMemoryLimit = '1Gi'; allowed: at least shared_buffers (1GB) plus 256Mi when restoreDrill is set: the drill starts a scratch PostgreSQL with the cluster's postgresql.conf."],
        ["the same in shared_buffers' own unit (8kB pages)", { backupEnabled: "true", restoreDrill: "30 5 * * *", backupMemoryLimit: "512Mi", postgresqlParameters: '{"shared_buffers":65536}' },
            "Invalid config postgres-k8s:backupMemoryLimit = '512Mi'; allowed: at least shared_buffers (65536) plus 256Mi when restoreDrill is set: the drill starts a scratch PostgreSQL with the cluster's postgresql.conf."],
        ["a memory limit below the default shared_buffers plus wal_buffers plus 64Mi", { memoryRequest: "128Mi", memoryLimit: "128Mi" },
            "Invalid config postgres-k8s:memoryLimit = '128Mi'; allowed: at least shared_buffers (128MB) plus wal_buffers (4Mi) plus 64Mi (196Mi in all): PostgreSQL allocates them when it starts, and its processes need the rest."],
        ["a memory limit below shared_buffers as set", { postgresqlParameters: '{"shared_buffers":"1GB"}' },
            "Invalid config postgres-k8s:memoryLimit = '1Gi'; allowed: at least shared_buffers (1GB) plus wal_buffers (16Mi) plus 64Mi (1104Mi in all): PostgreSQL allocates them when it starts, and its processes need the rest."],
        ["the same with wal_buffers set, in pages", { memoryRequest: "128Mi", memoryLimit: "255Mi", postgresqlParameters: '{"shared_buffers":"128MB","wal_buffers":8192}' },
            "Invalid config postgres-k8s:memoryLimit = '255Mi'; allowed: at least shared_buffers (128MB) plus wal_buffers (64Mi) plus 64Mi (256Mi in all): PostgreSQL allocates them when it starts, and its processes need the rest."],
        ["a disruption budget that lets a drain evict every member", { instances: "3", pdbMaxUnavailable: "3" },
            "Invalid config postgres-k8s:pdbMaxUnavailable = 3; allowed: at most instances - 1 (2): a drain could otherwise evict every member at once."],
        ["unknown topology", { topology: "multi-master" },
            "Invalid config postgres-k8s:topology = 'multi-master'; allowed: 'standalone', 'streaming', 'repmgr' or 'cnpg'."],
        ["repmgr with the default image (no repmgr in it)", { topology: "repmgr", instances: "3" },
            "Invalid config postgres-k8s:image = 'docker.io/library/postgres:15.19-bookworm'; allowed: an image with PostgreSQL 15, repmgr 5.3 and pgpool-II 4.3 built from images/repmgr/Dockerfile (pinned tag) when topology is 'repmgr'."],
        ["repmgr with one instance", { topology: "repmgr", instances: "1", image: "registry.example/postgres-k8s-repmgr:15.18-5.3.3-4.3.5" },
            "Invalid config postgres-k8s:instances = 1; allowed: an integer from 2 to 15 when topology is 'repmgr' (repmgr fails over to a standby)."],
        ["repmgr with the streaming topology's failover controller", { topology: "repmgr", instances: "3", image: "registry.example/postgres-k8s-repmgr:15.18-5.3.3-4.3.5", autoFailover: "true" },
            "Invalid config postgres-k8s:autoFailover = true; allowed: false (its default) when topology is 'repmgr': only 'streaming' read it."],
        ["a pgpool key under the streaming topology", { pgpoolReplicas: "3" },
            "Invalid config postgres-k8s:pgpoolReplicas = 3; allowed: 2 (its default) when topology is 'streaming': only 'repmgr' read it."],
        ["pgpool pools larger than max_connections", { topology: "repmgr", instances: "3", image: "registry.example/postgres-k8s-repmgr:15.18-5.3.3-4.3.5", pgpoolNumInitChildren: "100" },
            "Invalid config postgres-k8s:pgpoolNumInitChildren = 100; allowed: at most 45 with pgpoolReplicas 2 and pgpoolMaxPool 2: pgpool may open replicas × children × max_pool = 400 connections per backend, and max_connections 200 keeps 20 for repmgr, replication and backups."],
        ["repmgr timing out of range", { repmgrReconnectAttempts: "0" },
            "Invalid config postgres-k8s:repmgrReconnectAttempts = 0; allowed: an integer from 1 to 30."],
        ["image tagged latest", { image: "postgres:latest" },
            "Invalid config postgres-k8s:image = 'postgres:latest'; allowed: an image reference [registry[:port]/]path[:tag][@sha256:<64 hex>] (path in lowercase letters, digits and '.', '_', '-' separators) pinned by a tag other than 'latest' or by a sha256 digest."],
        ["image without tag", { image: "registry:5000/postgres" },
            "Invalid config postgres-k8s:image = 'registry:5000/postgres'; allowed: an image reference [registry[:port]/]path[:tag][@sha256:<64 hex>] (path in lowercase letters, digits and '.', '_', '-' separators) pinned by a tag other than 'latest' or by a sha256 digest."],
        ["anti-affinity mode", { antiAffinity: "soft" },
            "Invalid config postgres-k8s:antiAffinity = 'soft'; allowed: 'required' or 'preferred'."],
        ["storage mode", { storageMode: "emptyDir" },
            "Invalid config postgres-k8s:storageMode = 'emptyDir'; allowed: 'storageClass', 'hostPath' or 'nfs'."],
        ["pg_hba opened to the world", { podCidrs: '["0.0.0.0/0"]' },
            `Invalid config postgres-k8s:podCidrs = ["0.0.0.0/0"]; allowed: a non-empty list of CIDRs, none of them 0.0.0.0/0 or ::/0.`],
        ["bad cron", { backupSchedule: "daily" },
            `Invalid config postgres-k8s:backupSchedule = 'daily'; allowed: ${cron}.`],
        ["cron minute out of range", { backupSchedule: "60 3 * * *" },
            `Invalid config postgres-k8s:backupSchedule = '60 3 * * *'; allowed: ${cron}.`],
        ["cron hour range out of range", { backupSchedule: "0 22-25 * * *" },
            `Invalid config postgres-k8s:backupSchedule = '0 22-25 * * *'; allowed: ${cron}.`],
        ["cron day of month 0, month 13, day of week 7, step 0", { backupSchedule: "0 3 0 13 7" },
            `Invalid config postgres-k8s:backupSchedule = '0 3 0 13 7'; allowed: ${cron}.`],
        ["cron descending range and zero step", { backupSchedule: "*/0 5-1 * * *" },
            `Invalid config postgres-k8s:backupSchedule = '*/0 5-1 * * *'; allowed: ${cron}.`],
        ["a macro robfig/cron does not know", { backupSchedule: "@reboot" },
            `Invalid config postgres-k8s:backupSchedule = '@reboot'; allowed: ${cron}.`],
        ["an interval, which counts from the controller's start", { backupSchedule: "@every 24h" },
            `Invalid config postgres-k8s:backupSchedule = '@every 24h'; allowed: ${cron}.`],
        ["a macro in capitals", { backupSchedule: "@Daily" },
            `Invalid config postgres-k8s:backupSchedule = '@Daily'; allowed: ${cron}.`],
        ["a time zone prefix, which Kubernetes refuses in spec.schedule", { backupSchedule: "CRON_TZ=Europe/Paris 0 3 * * *" },
            `Invalid config postgres-k8s:backupSchedule = 'CRON_TZ=Europe/Paris 0 3 * * *'; allowed: ${cron}.`],
        ["a day name out of range", { backupSchedule: "0 3 * * SUN-FOO" },
            `Invalid config postgres-k8s:backupSchedule = '0 3 * * SUN-FOO'; allowed: ${cron}.`],
        ["a restore drill on a macro robfig/cron does not know", { backupEnabled: "true", restoreDrill: "@fortnightly" },
            `Invalid config postgres-k8s:restoreDrill = '@fortnightly'; allowed: '' (no drill) or ${cron}.`],
        ["the replication role named as the superuser", { replicationUser: "postgres" },
            `Invalid config postgres-k8s:replicationUser = 'postgres'; allowed: ${role}.`],
        ["an app role in PostgreSQL's reserved pg_ names", { appUser: "pg_app" },
            `Invalid config postgres-k8s:appUser = 'pg_app'; allowed: ${role}.`],
        ["an app role that is a keyword", { appUser: "current_user" },
            `Invalid config postgres-k8s:appUser = 'current_user'; allowed: ${role}.`],
        ["a replication role named as pg_hba.conf's 'all'", { replicationUser: "all" },
            `Invalid config postgres-k8s:replicationUser = 'all'; allowed: ${role}.`],
        ["the app database named as a template", { appDatabase: "template0" },
            `Invalid config postgres-k8s:appDatabase = 'template0'; allowed: ${database}.`],
        ["the app database named as the server's own", { appDatabase: "postgres" },
            `Invalid config postgres-k8s:appDatabase = 'postgres'; allowed: ${database}.`],
        ["the app role named as the replication role", { appUser: "replicator" },
            "Invalid config postgres-k8s:appUser = 'replicator'; allowed: a role other than replicationUser ('replicator'): the first init creates both."],
        ["repmgr: pgpool's check role and repmgr's database", { topology: "repmgr", instances: "3", image: repmgrImage, replicationUser: "pgpool", appDatabase: "repmgr" },
            "Invalid config postgres-k8s:replicationUser = 'pgpool'; allowed: a role other than 'pgpool' when topology is 'repmgr' (it creates that role itself).\n"
            + "Invalid config postgres-k8s:appDatabase = 'repmgr'; allowed: a database other than 'repmgr' when topology is 'repmgr' (it creates that database itself)."],
        ["cnpg: the operator's replication role", { topology: "cnpg", appUser: "streaming_replica" },
            "Invalid config postgres-k8s:appUser = 'streaming_replica'; allowed: a role other than 'streaming_replica' when topology is 'cnpg' (it creates that role itself)."],
        ["auto failover without a replica", { autoFailover: "true", instances: "1" },
            "Invalid config postgres-k8s:autoFailover = true; allowed: false unless instances is at least 2 (a failover needs a replica)."],
        ["auto failover on standalone", { autoFailover: "true", topology: "standalone" },
            "Invalid config postgres-k8s:autoFailover = true; allowed: false (its default) when topology is 'standalone': only 'streaming' read it."],
        ["a replica lag bound of 0 MB", { replicaMaxLagMB: "0" },
            "Invalid config postgres-k8s:replicaMaxLagMB = 0; allowed: an integer from 1 to 102400 (MB of WAL)."],
        ["a replica lag bound in a unit", { replicaMaxLagMB: "64MB" },
            "Invalid config postgres-k8s:replicaMaxLagMB = '64MB'; allowed: an integer from 1 to 102400 (MB of WAL)."],
        ["auto failover interval of 1 s", { autoFailoverIntervalSeconds: "1" },
            "Invalid config postgres-k8s:autoFailoverIntervalSeconds = 1; allowed: an integer from 2 to 300."],
        ["bad restore drill schedule", { backupEnabled: "true", restoreDrill: "weekly" },
            `Invalid config postgres-k8s:restoreDrill = 'weekly'; allowed: '' (no drill) or ${cron}.`],
        ["restore drill without backups", { restoreDrill: "30 5 * * *" },
            "Invalid config postgres-k8s:restoreDrill = '30 5 * * *'; allowed: '' unless backupEnabled is true (a drill restores the base backups)."],
        ["client selector", { allowedClients: '["app web"]' },
            `Invalid config postgres-k8s:allowedClients = ["app web"]; allowed: a list of pod label selectors such as 'app=web,tier=api'.`],
        ["standalone with replicas", { topology: "standalone", instances: "3" },
            "Invalid config postgres-k8s:instances = 3; allowed: 1 when topology is 'standalone'."],
        ["hostPath without its path and node", { storageMode: "hostPath" },
            "Invalid config postgres-k8s:hostPath = ''; allowed: an absolute path when storageMode is 'hostPath'.\n" +
            "Invalid config postgres-k8s:hostPathNode = ''; allowed: a node name when storageMode is 'hostPath'."],
        ["hostPath with required anti-affinity", { storageMode: "hostPath", hostPath: "/data", hostPathNode: "n1", instances: "2", antiAffinity: "required" },
            "Invalid config postgres-k8s:antiAffinity = 'required'; allowed: 'preferred' when storageMode is 'hostPath' with more than one instance (all hostPath volumes sit on one node)."],
        ["nfs without server", { storageMode: "nfs", nfsPath: "/exports/pg" },
            "Invalid config postgres-k8s:nfsServer = ''; allowed: a host name or address when storageMode is 'nfs'."],
        ["restore without backups", { restoreFrom: "latest", restoreTargetTime: "2026-11-22T10:00:00Z" },
            "Invalid config postgres-k8s:restoreFrom = 'latest'; allowed: '' unless backupEnabled is true (a restore reads the backup volume)."],
        ["restore target in the future", { backupEnabled: "true", restoreFrom: "latest", restoreTargetTime: "2027-01-01T00:00:00Z" },
            "Invalid config postgres-k8s:restoreTargetTime = '2027-01-01T00:00:00Z'; allowed: a time in the past (now is 2026-11-22T12:00:00.000Z)."],
        ["restore target unparseable", { backupEnabled: "true", restoreFrom: "latest", restoreTargetTime: "yesterday" },
            "Invalid config postgres-k8s:restoreTargetTime = 'yesterday'; allowed: an RFC 3339 time such as '2026-11-22T10:00:00Z'."],
        ["restore target without a backup", { backupEnabled: "true", restoreTargetTime: "2026-11-22T10:00:00Z" },
            "Invalid config postgres-k8s:restoreFrom = ''; allowed: 'latest' or a backup id when restoreTargetTime is set."],
    ];
    for (const [title, raw, message] of cases) {
        it(`rejects ${title}`, () => assert.strictEqual(errorOf(raw), message));
    }

    it("rejects every parameter the program owns, naming that entry alone and the list", () => {
        for (const owned of ["listen_addresses", "hba_file", "archive_command", "primary_conninfo"]) {
            const message = errorOf({ postgresqlParameters: JSON.stringify({ work_mem: "8MB", [owned]: "x" }) });
            assert.ok(message.startsWith(`Invalid config postgres-k8s:${`postgresqlParameters.${owned}`} = 'x'; allowed: a parameter the program does not set itself (it owns listen_addresses, port, unix_socket_directories, hba_file`), message);
            assert.ok(!message.includes("work_mem"), message);
        }
    });

    it("reports every bad key in one message", () => {
        assert.strictEqual(errorOf({ instances: "0", antiAffinity: "soft" }),
            "Invalid config postgres-k8s:instances = 0; allowed: an integer from 1 to 15.\n" +
            "Invalid config postgres-k8s:antiAffinity = 'soft'; allowed: 'required' or 'preferred'.");
    });

    it("accepts cron fields at their bounds, lists, ranges and steps", () => {
        for (const schedule of ["0 0 1 1 0", "59 23 31 12 6", "*/15 0-6,22 1-7 */2 1-5", "0,30 3 * * *"]) {
            assert.strictEqual(loadStackConfig({ backupSchedule: schedule }, now).backupSchedule, schedule);
        }
    });

    it("accepts what Kubernetes' CronJob accepts: robfig/cron's macros, month and day names in any case, '?' and N/step", () => {
        for (const schedule of ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly",
            "0 3 * jan-Mar mon,WED,fri", "0 3 ? * SUN", "5/15 2 1 DEC sat", "  0 3 * * *  "]) {
            assert.strictEqual(loadStackConfig({ backupSchedule: schedule }, now).backupSchedule, schedule);
        }
        const drill = loadStackConfig({ backupEnabled: "true", restoreDrill: "@daily" }, now);
        assert.strictEqual(drill.restoreDrill, "@daily");
    });

    it("accepts a restore drill with room for shared_buffers, and a small limit without a drill", () => {
        const drill = { backupEnabled: "true", restoreDrill: "30 5 * * *", memoryLimit: "2Gi", postgresqlParameters: '{"shared_buffers":"1GB"}' };
        assert.strictEqual(loadStackConfig({ ...drill, backupMemoryLimit: "1280Mi" }, now).backupMemoryLimit, "1280Mi");
        assert.strictEqual(loadStackConfig({ backupEnabled: "true", restoreDrill: "30 5 * * *" }, now).backupMemoryLimit, "1Gi");
        assert.strictEqual(loadStackConfig({ backupEnabled: "true", backupMemoryLimit: "300Mi", memoryLimit: "2Gi", postgresqlParameters: '{"shared_buffers":"1GB"}' }, now).backupMemoryLimit, "300Mi");
    });

    it("accepts role and database names that collide with nothing", () => {
        const c = loadStackConfig({ appUser: "orders", appDatabase: "orders", replicationUser: "pgrepl" }, now);
        assert.deepStrictEqual([c.appUser, c.appDatabase, c.replicationUser], ["orders", "orders", "pgrepl"]);
        assert.strictEqual(loadStackConfig({ appUser: "postgres_app", appDatabase: "template2" }, now).appUser, "postgres_app");
        // pgpool's role and repmgr's database are taken under repmgr only; the operator's role under cnpg only
        assert.strictEqual(loadStackConfig({ appUser: "pgpool", appDatabase: "repmgr", replicationUser: "streaming_replica" }, now).appUser, "pgpool");
        assert.strictEqual(loadStackConfig({ topology: "cnpg", appUser: "replicator", appDatabase: "repmgr" }, now).appUser, "replicator");
    });

    it("accepts a memory limit at shared_buffers plus wal_buffers plus 64Mi, for every topology", () => {
        assert.strictEqual(loadStackConfig({ memoryRequest: "196Mi", memoryLimit: "196Mi" }, now).memoryLimit, "196Mi");
        assert.strictEqual(loadStackConfig({ memoryLimit: "1104Mi", postgresqlParameters: '{"shared_buffers":"1GB"}' }, now).memoryLimit, "1104Mi");
        assert.strictEqual(loadStackConfig({ memoryRequest: "100Mi", memoryLimit: "100Mi", postgresqlParameters: '{"shared_buffers":"16MB"}' }, now).memoryLimit, "100Mi");
        assert.strictEqual(loadStackConfig({ memoryLimit: "1104Mi", postgresqlParameters: '{"shared_buffers":"1GB","wal_buffers":-1}' }, now).memoryLimit, "1104Mi");
        assert.match(errorOf({ topology: "cnpg", memoryRequest: "128Mi", memoryLimit: "128Mi" }), /^Invalid config postgres-k8s:memoryLimit = '128Mi'; allowed: at least shared_buffers \(128MB\)/);
    });

    it("accepts a request equal to its limit", () => {
        const c = loadStackConfig({ cpuRequest: "1000m", cpuLimit: "1", memoryRequest: "1Gi", memoryLimit: "1024Mi" }, now);
        assert.deepStrictEqual([c.cpuRequest, c.memoryRequest], ["1000m", "1Gi"]);
    });

    it("accepts digests and registry ports", () => {
        const digest = "postgres@sha256:" + "a".repeat(64);
        assert.strictEqual(loadStackConfig({ image: digest }, now).image, digest);
        assert.strictEqual(loadStackConfig({ image: "registry:5000/pg/postgres:15.18" }, now).image, "registry:5000/pg/postgres:15.18");
    });
});
