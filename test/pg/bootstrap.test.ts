import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PgCluster } from "../helpers/pg";
import { ProcessWatch } from "../helpers/pgProcWatch";

describe("real PostgreSQL: primary init", function () {
    this.timeout(180000);
    let c: PgCluster;
    before(async () => { c = await PgCluster.create({ instances: 1 }); });
    after(async () => { await c?.destroy(); });

    const identity = (q: (s: string) => Promise<string>) => q(
        "SELECT string_agg(rolname || ':' || oid || ':' || rolreplication || ':' || rolconnlimit, ',' ORDER BY rolname) FROM pg_roles WHERE rolname IN ('replicator','app')"
        + " UNION ALL SELECT datname || ':' || oid FROM pg_database WHERE datname = 'appdb'");

    it("(control) the process watch sees a secret on a command line", async () => {
        const watch = new ProcessWatch(["control-secret-42"]);
        watch.start();
        await new Promise(r => spawn("bash", ["-c", "sleep 0.3; true", "control-secret-42"]).on("exit", r));
        const seen = watch.stop();
        // bash's child for `sleep` carries bash's command line until its exec: one or two hits.
        assert.ok(seen.length >= 1 && seen.every(s => s.includes("control-secret-42")), seen.join("\n"));
    });

    it("initialises ordinal 0 with checksums, the replication role, the app role and database", async () => {
        const p0 = c.pods[0];
        const watch = new ProcessWatch(Object.values(c.passwords));
        watch.start();
        await p0.start();
        const exposed = watch.stop();
        assert.ok(watch.samples > 20, `only ${watch.samples} process samples`);
        assert.deepEqual(exposed, [], "a password was visible in a command line or environment");
        assert.equal(await p0.role(), "primary");
        assert.equal(await p0.sql("SHOW data_checksums"), "on");
        assert.equal(await p0.sql("SELECT rolreplication AND rolcanlogin FROM pg_roles WHERE rolname = 'replicator'"), "t");
        assert.equal(await p0.sql("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'appdb'"), "app");
        // The app role logs in over TCP with its password file secret, through the rw Service.
        await c.waitForPrimaryLabel(p0);
        assert.equal(await c.appSql("SELECT current_user || '@' || current_database()"), "app@appdb");
        const hba = await p0.sql("SELECT count(*) FROM pg_hba_file_rules WHERE auth_method = 'trust'");
        assert.equal(hba, "0");
        const log = p0.log();
        for (const pw of Object.values(c.passwords)) assert.ok(!log.includes(pw), "a password leaked into the log");
        const passfile = fs.statSync(path.join(p0.dirs.runDir, "pgpass"));
        assert.equal(passfile.mode & 0o777, 0o600);
    });

    it("does not re-run the init on restart and keeps the data", async () => {
        const p0 = c.pods[0];
        await p0.sql("ALTER ROLE app CONNECTION LIMIT 7");
        await p0.sql("CREATE TABLE kept(x int); INSERT INTO kept VALUES (42)", "appdb");
        const before = await identity(s => p0.sql(s));
        await p0.stop();
        await p0.start();
        assert.equal(await identity(s => p0.sql(s)), before, "roles or database were re-created");
        assert.match(before, /app:\d+:false:7/);
        assert.equal(await p0.sql("SELECT x FROM kept", "appdb"), "42");
        assert.equal((p0.log().match(/initialising a new cluster/g) ?? []).length, 1);
    });
});
