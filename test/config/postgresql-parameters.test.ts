import * as assert from "assert";
import { ConfigError, loadStackConfig } from "../../config";
import { closest } from "../../specs/closest";
import { catalogue, imageMajor } from "../../specs/postgresql-parameters";

const now = new Date("2026-11-22T12:00:00Z");

/** The messages for these postgresqlParameters (and optionally another image); [] when accepted. */
function problems(params: Record<string, unknown>, image?: string): string[] {
    try {
        loadStackConfig({ postgresqlParameters: JSON.stringify(params), ...(image ? { image } : {}) }, now);
        return [];
    } catch (e) {
        assert.ok(e instanceof ConfigError, String(e));
        return (e as ConfigError).problems;
    }
}

const bad = (name: string, value: string, allowed: string) =>
    `Invalid config postgres-k8s:postgresqlParameters.${name} = ${value}; allowed: ${allowed}.`;

describe("config: postgresqlParameters against PostgreSQL 15's catalogue", () => {
    it("the checked-in catalogue has PostgreSQL 15's parameters with types, units and ranges", () => {
        const c = catalogue(15)!;
        assert.ok(c.size > 300, String(c.size));
        assert.deepStrictEqual(c.get("shared_buffers"), { name: "shared_buffers", type: "integer", unit: "8kB", context: "postmaster", min: 16, max: 1073741823, values: null });
        assert.deepStrictEqual(c.get("wal_level")!.values, ["minimal", "replica", "logical"]);
    });

    it("accepts what PostgreSQL accepts: units, booleans spelt any way, boolean spellings of on/off enums, extension parameters", () => {
        assert.deepStrictEqual(problems({
            shared_buffers: "256MB", work_mem: "4MB", maintenance_work_mem: 65536, effective_cache_size: "1GB",
            max_connections: 200, random_page_cost: 1.1, vacuum_cost_delay: "2ms", checkpoint_timeout: "15min",
            statement_timeout: "30s", log_min_duration_statement: -1, idle_session_timeout: 0,
            jit: false, log_checkpoints: "on", hot_standby_feedback: "Yes", wal_compression: "lz4",
            synchronous_commit: "true", huge_pages: "TRY", constraint_exclusion: "partition", datestyle: "ISO, DMY",
            "pg_stat_statements.max": 10000, shared_preload_libraries: "pg_stat_statements",
        }), []);
    });

    it("refuses each bad entry on its own, naming it, its value and what PostgreSQL 15 allows", () => {
        assert.deepStrictEqual(problems({ work_mem: "4MB", shared_buffers: "64kB", max_connections: 0, log_min_messages: "chatty", jit: "maybe" }), [
            bad("shared_buffers", "'64kB'", "an integer from 16 to 1073741823 in units of 8kB, or with a unit (B, kB, MB, GB, TB) such as '128MB' (PostgreSQL 15's shared_buffers)"),
            bad("max_connections", "0", "an integer from 1 to 262143 (PostgreSQL 15's max_connections)"),
            bad("log_min_messages", "'chatty'", "one of debug5, debug4, debug3, debug2, debug1, info, notice, warning, error, log, fatal, panic (PostgreSQL 15's log_min_messages)"),
            bad("jit", "'maybe'", "a boolean (on, off, true, false, yes, no, 1, 0) for PostgreSQL 15's jit"),
        ]);
    });

    it("refuses units the parameter does not take, and memory units spelt wrong (PostgreSQL's are case-sensitive)", () => {
        assert.deepStrictEqual(problems({ work_mem: "4 KB", statement_timeout: "10MB", max_connections: "100s" }).map(p => p.split(";")[0]), [
            "Invalid config postgres-k8s:postgresqlParameters.work_mem = '4 KB'",
            "Invalid config postgres-k8s:postgresqlParameters.statement_timeout = '10MB'",
            "Invalid config postgres-k8s:postgresqlParameters.max_connections = '100s'",
        ]);
    });

    it("refuses a misspelt parameter with the closest known name, and read-only ones", () => {
        assert.deepStrictEqual(problems({ shared_buffer: "1GB", block_size: 16384, frobnicate_everything: 1 }), [
            bad("shared_buffer", "'1GB'", "a PostgreSQL 15 parameter (did you mean 'shared_buffers'?)"),
            bad("block_size", "16384", "a parameter that can be set (block_size is read-only: fixed when PostgreSQL was built or initialised)"),
            bad("frobnicate_everything", "1", "a PostgreSQL 15 parameter"),
        ]);
    });

    it("uses the image's major version and refuses parameters for a major without a catalogue", () => {
        assert.strictEqual(imageMajor("docker.io/library/postgres:15.19-bookworm"), 15);
        assert.strictEqual(imageMajor("registry:5000/postgres:16@sha256:" + "a".repeat(64)), 16);
        assert.strictEqual(imageMajor("postgres@sha256:" + "a".repeat(64)), undefined);
        assert.deepStrictEqual(problems({ work_mem: "4MB" }, "docker.io/library/postgres:16.4"), [
            bad("work_mem", "'4MB'", "parameters checked against a catalogue, which exists for PostgreSQL 15, not 16 (image docker.io/library/postgres:16.4)"),
        ]);
        assert.deepStrictEqual(problems({}, "docker.io/library/postgres:16.4"), []);
    });

    it("closest() suggests only plausible typos", () => {
        assert.strictEqual(closest("wrok_mem", ["work_mem", "shared_buffers"]), "work_mem");
        assert.strictEqual(closest("xyz", ["work_mem", "shared_buffers"]), undefined);
    });
});
