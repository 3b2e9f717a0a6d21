import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { PgCluster, waitFor } from "../helpers/pg";
import { ProcessWatch } from "../helpers/pgProcWatch";

describe("real PostgreSQL: streaming replicas, roles and labels", function () {
    this.timeout(240000);
    let c: PgCluster;
    before(async () => { c = await PgCluster.create({ instances: 3 }); });
    after(async () => { await c?.destroy(); });

    it("a non-zero ordinal with no primary waits, then gives up without initdb", async () => {
        const r = await c.pods[1].startExpectingFailure({ PG_PRIMARY_WAIT_SECONDS: "3" });
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, /no primary among peers/);
        assert.ok(!fs.existsSync(c.pods[1].pgdata), "a replica created a data directory on its own");
    });

    it("clones ordinal 1 from the primary and streams rows written on the primary", async () => {
        const [p0, p1] = c.pods;
        await p0.start();
        await c.waitForPrimaryLabel(p0);
        await p0.sql("CREATE TABLE t(id int PRIMARY KEY); INSERT INTO t SELECT generate_series(1, 1000)", "appdb");
        // What a pod killed in the middle of a clone leaves behind: discarded, never published.
        const leftover = `${p1.pgdata}.cloning`;
        fs.mkdirSync(leftover, { mode: 0o700 });
        fs.writeFileSync(path.join(leftover, "PG_VERSION"), "15\n");
        fs.chownSync(leftover, fs.statSync(p1.dirs.dataMount).uid, fs.statSync(p1.dirs.dataMount).gid);
        const watch = new ProcessWatch(Object.values(c.passwords));
        watch.start();
        await p1.start();
        assert.deepEqual(watch.stop(), [], "a password was visible in a command line or environment during the clone");
        assert.match(p1.log(), /removing \S+pgdata\.cloning left by an interrupted bootstrap/);
        assert.ok(!fs.existsSync(leftover));
        assert.equal(await p1.role(), "replica");
        await p0.sql("INSERT INTO t SELECT generate_series(1001, 1500)", "appdb");
        await waitFor("rows on the replica", async () =>
            (await p1.sql("SELECT count(*) FROM t", "appdb")) === "1500" ? true : undefined);
        assert.equal(await p0.sql("SELECT application_name || ':' || state FROM pg_stat_replication"), "pg-1:streaming");
        // The replica follows the rw Service (the proxy), with a passfile and no password on disk.
        const conninfo = await p1.sql("SHOW primary_conninfo");
        assert.match(conninfo, new RegExp(`host=127.0.0.1 port=${c.proxy.port} user=replicator passfile=\\S+/pgpass application_name=pg-1`));
        const auto = fs.readFileSync(path.join(p1.pgdata, "postgresql.auto.conf"), "utf8");
        assert.ok(!auto.includes(c.passwords.replication) && !/password=/.test(auto), "password written to postgresql.auto.conf");
    });

    it("role.sh reports primary and replica, and fails when PostgreSQL is down", async () => {
        const [p0, p1, p2] = c.pods;
        assert.equal(await p0.role(), "primary");
        assert.equal(await p1.role(), "replica");
        const down = await p2.run("role.sh");
        assert.equal(down.code, 1);
        assert.equal(down.stdout, "");
    });

    it("the labeller sidecar labels each pod with its role, calling kubectl only on a change", async () => {
        await waitFor("labels", async () => (c.pods[1].label() === "replica" ? true : undefined));
        assert.equal(c.pods[0].label(), "primary");
        const labelCalls = () => fs.readFileSync(path.join(c.labelsDir, "kubectl-calls.log"), "utf8").trim().split("\n").filter(l => l.startsWith("label "));
        assert.deepEqual(labelCalls().sort(), [
            "label pod pg-0 postgres-k8s.io/role=primary --overwrite",
            "label pod pg-1 postgres-k8s.io/role=replica --overwrite",
        ]);
        // --once is a no-op when the label is already current.
        const r = await c.pods[1].mustRunScript("role-labeller.sh", ["--once"]);
        assert.equal(r, "");
        assert.equal(labelCalls().length, 2);
    });

    it("the labeller's liveness probe passes while its loop runs and fails on a stale or missing heartbeat", async () => {
        const pod = c.pods[1];
        // The sidecar started with the pod touches its heartbeat after every pass.
        assert.equal((await pod.run("labeller-alive.sh")).code, 0);
        const elsewhere = fs.mkdtempSync(path.join(c.root, "run-"));
        fs.chmodSync(elsewhere, 0o777);
        const missing = await pod.run("labeller-alive.sh", [], { PG_RUN_DIR: elsewhere });
        assert.notEqual(missing.code, 0);
        assert.match(missing.stderr, /no heartbeat yet/);
        const heartbeat = path.join(elsewhere, "labeller.alive");
        fs.writeFileSync(heartbeat, "");
        const old = new Date(Date.now() - 120_000);
        fs.utimesSync(heartbeat, old, old);
        const stale = await pod.run("labeller-alive.sh", [], { PG_RUN_DIR: elsewhere });
        assert.notEqual(stale.code, 0);
        assert.match(stale.stderr, /last pass 1[0-9]{2}s ago \(limit 60s\)/);
    });

    it("never wipes a replica's non-empty data directory on restart", async () => {
        const [p0, p1] = c.pods;
        const sysid = await p1.sql("SELECT system_identifier FROM pg_control_system()");
        const marker = path.join(p1.pgdata, "operator-note.txt");
        await p1.stop();
        fs.writeFileSync(marker, "keep me");
        // While it is down its label stops claiming a role.
        await waitFor("pg-1 to be labelled unknown", async () => (p1.label() === "unknown" ? true : undefined), 20000);
        await p0.sql("INSERT INTO t SELECT generate_series(1501, 2000)", "appdb");
        await p1.start();
        assert.equal(fs.readFileSync(marker, "utf8"), "keep me");
        assert.equal(await p1.sql("SELECT system_identifier FROM pg_control_system()"), sysid);
        await waitFor("rows written while the replica was down", async () =>
            (await p1.sql("SELECT count(*) FROM t", "appdb")) === "2000" ? true : undefined);
        assert.equal((p1.log().match(/cloning from primary/g) ?? []).length, 1);
        await waitFor("pg-1 to be labelled replica again", async () => (p1.label() === "replica" ? true : undefined), 20000);
    });

    it("refuses a non-empty data directory that is not a cluster instead of cloning over it", async () => {
        const p2 = c.pods[2];
        fs.mkdirSync(p2.pgdata, { mode: 0o700 });
        fs.chownSync(p2.pgdata, fs.statSync(p2.dirs.dataMount).uid, fs.statSync(p2.dirs.dataMount).gid);
        fs.writeFileSync(path.join(p2.pgdata, "stray-file"), "not a cluster");
        const r = await p2.startExpectingFailure();
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, /is not empty but has no PG_VERSION/);
        assert.deepEqual(fs.readdirSync(p2.pgdata), ["stray-file"]);
    });
});
