import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { PgCluster, PgPod, mustRun, waitFor } from "../helpers/pg";

const systemId = (p: PgPod, dir = p.pgdata) => p.systemId(dir);

describe("real PostgreSQL: a former primary never starts as a second primary", function () {
    this.timeout(240000);
    let c: PgCluster;
    before(async () => {
        c = await PgCluster.started({ instances: 2 });
        await c.pods[0].sql("CREATE TABLE mine(x int); INSERT INTO mine VALUES (1)", "appdb");
        await c.pods[0].stop();
        await c.pods[1].stop();
        // pg-1 comes back as the primary of an unrelated cluster: no rewind can bridge that.
        const p1 = c.pods[1];
        fs.rmSync(p1.pgdata, { recursive: true });
        await mustRun("initdb", ["-D", p1.pgdata, "--data-checksums", "--auth-local=peer", "--auth-host=scram-sha-256",
            "-U", "postgres", `--pwfile=${p1.dirs.secretsDir}/superuser-password`], { env: p1.env });
        await p1.start();
        const esc = c.passwords.replication.replace(/'/g, "''");
        await p1.sql(`CREATE ROLE replicator REPLICATION LOGIN PASSWORD '${esc}'`);
    });
    after(async () => { await c?.destroy(); });

    it("refuses to start when pg_rewind fails, and leaves the data directory as it was", async () => {
        const p0 = c.pods[0];
        const before = await systemId(p0);
        const r = await p0.startExpectingFailure();
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, /pg-1 is primary now: rejoining as a replica/);
        assert.match(r.stderr, /refusing to start a second primary/);
        assert.match(r.stderr, /touch \S+reclone-requested/);
        assert.equal(await systemId(p0), before);
        assert.ok(!fs.existsSync(path.join(p0.pgdata, "postmaster.pid")), "a server was started");
        assert.ok(!fs.existsSync(path.join(p0.pgdata, "standby.signal")));
    });

    it("with the operator's opt-in, moves the old data directory aside (not deleted) and re-clones", async () => {
        const [p0, p1] = c.pods;
        const old = await systemId(p0);
        fs.writeFileSync(path.join(p0.dirs.dataMount, "reclone-requested"), "");
        await p0.start();
        assert.equal(await p0.role(), "replica");
        assert.equal(await systemId(p0), await systemId(p1));
        const aside = fs.readdirSync(p0.dirs.dataMount).filter(f => f.startsWith("pgdata.before-reclone-"));
        assert.equal(aside.length, 1);
        assert.equal(await systemId(p0, path.join(p0.dirs.dataMount, aside[0])), old);
        assert.ok(!fs.existsSync(path.join(p0.dirs.dataMount, "reclone-requested")), "the opt-in must be used once");
        await p1.sql("CREATE TABLE after_reclone(x int)");
        await waitFor("pg-0 to stream from pg-1", async () =>
            (await p1.sql("SELECT application_name || ':' || state FROM pg_stat_replication")) === "pg-0:streaming" ? true : undefined);
    });
});

describe("real PostgreSQL: two primaries after a failover raced a restart", function () {
    this.timeout(240000);
    let c: PgCluster;
    before(async () => {
        c = await PgCluster.started({ instances: 2 });
        await c.pods[0].sql("CREATE TABLE r(x int); GRANT ALL ON r TO app", "appdb");
        // The promotion below must find the table on pg-1: wait until pg-1 has replayed it.
        await waitFor("pg-1 to replay table r", async () =>
            (await c.pods[1].sql("SELECT to_regclass('r') IS NOT NULL", "appdb")) === "t" ? true : undefined);
    });
    after(async () => { await c?.destroy(); });

    it("only the primary on the newer timeline keeps the primary label, so writes reach it alone", async () => {
        const [p0, p1] = c.pods;
        await p0.stop();
        await p1.mustRunScript("promote.sh");
        await c.waitForPrimaryLabel(p1);
        // pg-0's entrypoint looked at its peers before pg-1 was promoted: it starts as a primary too.
        await p0.start({ PG_PEERS: `pg-0=127.0.0.1:${p0.port}` });
        assert.equal(await p0.role(), "primary");
        assert.equal(await p1.role(), "primary");
        const labellerLog = () => fs.readFileSync(path.join(p0.c.root, "labeller.log"), "utf8");
        await waitFor("pg-0's labeller to see the newer primary", async () =>
            (/pg-1 is also a primary, on a newer timeline \(00000002 > 00000001\)/.test(labellerLog()) ? true : undefined), 20000);
        assert.equal(p0.label(), "unknown");
        assert.deepEqual(c.labelledPrimaryPorts(), [p1.port]);
        await c.appSql("INSERT INTO r VALUES (7)");
        assert.equal(await p1.sql("SELECT count(*) FROM r", "appdb"), "1");
        assert.equal(await p0.sql("SELECT count(*) FROM r", "appdb"), "0");
    });
});
