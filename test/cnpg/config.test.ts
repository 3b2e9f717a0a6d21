import * as assert from "assert";
import { ConfigError, loadStackConfig } from "../../config";
import { clusterArgs } from "../../config/cluster-args";
import { stackConfigMap } from "../helpers/stack-config";
import { cnpgStackOverrides } from "./stacks";

const now = new Date("2026-11-22T12:00:00Z");

function errorOf(raw: Record<string, unknown>): string {
    try {
        loadStackConfig({ topology: "cnpg", ...raw }, now);
    } catch (e) {
        assert.ok(e instanceof ConfigError, `expected ConfigError, got ${e}`);
        return (e as Error).message;
    }
    assert.fail("expected a ConfigError");
}

describe("cnpg config", () => {
    it("restoreFrom names a Barman backup id under cnpg, and only there", () => {
        const restore = { backupEnabled: "true", restoreFrom: "20261122T030000", restoreTargetTime: "2026-11-22T10:00:00Z" };
        const cnpgArgs = clusterArgs(loadStackConfig({ topology: "cnpg", backupDestinationPath: "s3://backups/pg", backupCredentialsSecret: "s3", ...restore }, now));
        assert.deepStrictEqual(cnpgArgs.restore, { from: "20261122T030000", targetTime: "2026-11-22T10:00:00Z" });
        assert.throws(() => loadStackConfig({ topology: "streaming", ...restore }, now), (e: Error) => e.message ===
            "Invalid config postgres-k8s:restoreFrom = '20261122T030000'; allowed: 'latest' or a backup id of the backup Job such as '20261122T030000123Z' when topology is 'streaming'.");
        assert.throws(() => loadStackConfig({ topology: "cnpg", ...restore, restoreFrom: "2026-11-22" }, now), /restoreFrom = '2026-11-22'; allowed: '' \(no restore\), 'latest', or a backup id/);
    });

    it("dev and prod switched to cnpg load, and map to the component's cnpg args", () => {
        for (const stack of ["dev", "prod"] as const) loadStackConfig(stackConfigMap(stack, cnpgStackOverrides(stack)), now);
        const prod = clusterArgs(loadStackConfig(stackConfigMap("prod", cnpgStackOverrides("prod")), now));
        assert.deepStrictEqual(prod.cnpg, {
            installOperator: true, operatorNamespace: "cnpg-system", walStorageSize: "20Gi",
            synchronous: { number: 1, dataDurability: "required" },
            poolers: { types: ["rw", "ro"], instances: 2, poolMode: "session" },
            podMonitor: true, metricsNamespace: "monitoring",
            objectStore: { destinationPath: "s3://postgres-backups/prod", endpointURL: "https://s3.eu-central-1.amazonaws.com",
                endpointCASecret: undefined, credentialsSecret: "pg-backup-s3", retentionPolicy: "30d" },
            backupSchedule: "0 0 3 * * *",
        });
    });

    it("refuses the keys of the self-managed topologies by name", () => {
        assert.strictEqual(errorOf({ kubectlImage: "registry.k8s.io/kubectl:v1.37.1" }),
            "Invalid config postgres-k8s:kubectlImage = 'registry.k8s.io/kubectl:v1.37.1'; allowed: 'registry.k8s.io/kubectl:v1.36.4' (its default) when topology is 'cnpg': only 'standalone' and 'streaming' read it.");
        for (const [k, v] of [["backupRetain", 3], ["storageMode", "hostPath"], ["pdbMaxUnavailable", 2], ["replicationUser", "repl"], ["backupSchedule", "0 4 * * *"]] as const) {
            const lines = errorOf({ [k]: typeof v === "number" ? String(v) : v }).split("\n");
            assert.ok(lines.some(l => new RegExp(`^Invalid config postgres-k8s:${k} = .*when topology is 'cnpg': only 'standalone' and 'streaming' and 'repmgr' read it\\.$`).test(l)), lines.join("\n"));
        }
        assert.match(errorOf({ topology: "streaming", walStorageSize: "5Gi" }), /walStorageSize = '5Gi'; allowed: '' \(its default\) when topology is 'streaming': only 'cnpg' read it\./);
    });

    it("the ScheduledBackup schedule has six fields, seconds first", () => {
        assert.strictEqual(errorOf({ scheduledBackupSchedule: "0 3 * * *" }),
            "Invalid config postgres-k8s:scheduledBackupSchedule = '0 3 * * *'; allowed: a six-field cron expression, seconds first, such as '0 0 3 * * *'.");
        assert.doesNotThrow(() => loadStackConfig({ topology: "cnpg", scheduledBackupSchedule: "0 30 2 * * SUN" }, now));
    });

    it("postgresqlParameters: the same validation as the other topologies, plus what the operator fixes", () => {
        assert.match(errorOf({ postgresqlParameters: '{"archive_command":"x"}' }), /^Invalid config postgres-k8s:postgresqlParameters\.archive_command = 'x'; allowed: a parameter the program does not set itself/);
        assert.match(errorOf({ postgresqlParameters: '{"shared_preload_libraries":"pg_stat_statements"}' }),
            /^Invalid config postgres-k8s:postgresqlParameters = \{"shared_preload_libraries":"pg_stat_statements"\}; allowed: no parameter the CloudNativePG operator fixes itself when topology is 'cnpg' \(shared_preload_libraries given; all: allow_system_table_mods, /);
        assert.doesNotThrow(() => loadStackConfig({ topology: "cnpg", postgresqlParameters: '{"work_mem":"8MB","jit":false}' }, now));
    });

    it("cross-key rules: image tag with a version, synchronous standbys, backups need a store and credentials, restore from 'latest'", () => {
        assert.strictEqual(errorOf({ image: "registry.local/postgres:stable" }),
            "Invalid config postgres-k8s:image = 'registry.local/postgres:stable'; allowed: an image whose tag starts with a PostgreSQL version of 13 or later when topology is 'cnpg' (tag 'stable' does not start with a version).");
        assert.match(errorOf({ image: "docker.io/library/postgres:12.22" }), /major version 12 is older than 13/);
        assert.strictEqual(errorOf({ instances: "2", synchronousReplicas: "2" }),
            "Invalid config postgres-k8s:synchronousReplicas = 2; allowed: at most instances - 1 (1).");
        assert.strictEqual(errorOf({ backupEnabled: "true" }), [
            "Invalid config postgres-k8s:backupDestinationPath = ''; allowed: an s3://bucket/prefix URL when backupEnabled is true.",
            "Invalid config postgres-k8s:backupCredentialsSecret = ''; allowed: a Secret name when backupEnabled is true."].join("\n"));
        assert.match(errorOf({ backupEnabled: "true", backupDestinationPath: "s3://backups/pg", backupCredentialsSecret: "s3",
            restoreFrom: "20261122T030000123Z", restoreTargetTime: "2026-11-22T10:00:00Z" }),
            /^Invalid config postgres-k8s:restoreFrom = '20261122T030000123Z'; allowed: 'latest' \(Barman picks the newest base backup before restoreTargetTime\) or a Barman backup id such as '20261122T030000' when topology is 'cnpg'\.$/);
        assert.match(errorOf({ backupDestinationPath: "http://bucket" }), /backupDestinationPath = 'http:\/\/bucket'; allowed: an s3:\/\/bucket\/prefix URL/);
        assert.match(errorOf({ backupRetentionPolicy: "30" }), /backupRetentionPolicy = '30'; allowed: a number of days, weeks or months/);
    });
});
