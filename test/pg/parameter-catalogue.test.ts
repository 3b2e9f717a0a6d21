import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync } from "child_process";
import { parameterProblems } from "../../specs/postgresql-parameters";
import { PgCluster } from "../helpers/pg";

const repo = path.join(__dirname, "..", "..");
const IMAGE = "docker.io/library/postgres:15.19-bookworm";

describe("real PostgreSQL: the parameter catalogue and the validator that uses it", function () {
    this.timeout(300000);

    it("specs/postgresql-parameters/15.json is what scripts/render-pg-catalogue.sh writes from the local PostgreSQL 15", () => {
        const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pg-catalogue-")), "15.json");
        execFileSync("bash", [path.join(repo, "scripts", "render-pg-catalogue.sh"), out], { stdio: "pipe" });
        assert.equal(fs.readFileSync(out, "utf8"), fs.readFileSync(path.join(repo, "specs", "postgresql-parameters", "15.json"), "utf8"),
            "the catalogue is stale: run bash scripts/render-pg-catalogue.sh");
        fs.rmSync(path.dirname(out), { recursive: true });
    });

    describe("agrees with the server's own check (ALTER SYSTEM validates a value for every context)", () => {
        let c: PgCluster;
        before(async () => {
            c = await PgCluster.started({ instances: 1 });
        });
        after(async () => { await c?.destroy(); });

        const values: [string, string | number | boolean][] = [
            ["shared_buffers", "128kB"], ["shared_buffers", "127kB"], ["shared_buffers", "64kB"], ["shared_buffers", "8TB"], ["shared_buffers", "9TB"],
            ["shared_buffers", "1.5GB"], ["shared_buffers", "1 GB"], ["shared_buffers", "1gb"], ["shared_buffers", 16], ["shared_buffers", 15],
            ["work_mem", "64kB"], ["work_mem", "63kB"], ["work_mem", "4MB"], ["work_mem", "4 KB"], ["work_mem", "10s"],
            ["max_connections", 0], ["max_connections", 100000], ["max_connections", 262144], ["max_connections", "100s"], ["max_connections", "0x10"],
            ["statement_timeout", "30s"], ["statement_timeout", "1.5min"], ["statement_timeout", "10MB"], ["statement_timeout", -1], ["statement_timeout", "2147483648"],
            ["checkpoint_timeout", "29s"], ["checkpoint_timeout", "30s"], ["checkpoint_timeout", "1d"], ["checkpoint_timeout", "2d"],
            ["vacuum_cost_delay", "100ms"], ["vacuum_cost_delay", "101ms"], ["vacuum_cost_delay", "0.5"], ["random_page_cost", -1], ["random_page_cost", 1.1],
            ["jit", false], ["jit", "of"], ["jit", "o"], ["jit", "Yes"], ["jit", "maybe"], ["jit", 2],
            ["synchronous_commit", "true"], ["synchronous_commit", "remote_apply"], ["synchronous_commit", "sometimes"],
            ["huge_pages", "TRY"], ["log_min_messages", "chatty"], ["wal_compression", "lz4"], ["wal_compression", "zstd"], ["wal_compression", "brotli"],
            ["block_size", 16384], ["shared_buffer", "1GB"],
        ];
        for (const [name, value] of values) {
            it(`${name} = ${JSON.stringify(value)}`, async () => {
                const literal = typeof value === "string" ? `'${value.replace(/'/g, "''")}'` : String(value);
                const server = await c.pods[0].sql(`ALTER SYSTEM SET ${name} = ${literal}`).then(() => "accepted", (e: Error) => `rejected: ${e.message.split("\n").find(l => /ERROR/.test(l))}`);
                await c.pods[0].sql("ALTER SYSTEM RESET ALL");
                const ours = parameterProblems({ [name]: value }, IMAGE, []);
                assert.equal(ours.length === 0 ? "accepted" : "rejected", server.split(":")[0], `server ${server}; ours ${JSON.stringify(ours)}`);
            });
        }
    });
});
