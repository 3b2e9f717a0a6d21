/**
 * The postgres-k8s CLI end to end on real PostgreSQL: every command through runCli, with the
 * local transport (test/helpers/cliLocal.ts) standing in for exec and the API; the API side of
 * the same commands runs against a real API server in test/e2e/cli.e2e.ts.
 */
import { strict as assert } from "assert";
import { runCli } from "../../cli/main";
import { LocalAccess } from "../helpers/cliLocal";
import { PgCluster, waitFor } from "../helpers/pg";
import { switchAndArchive, waitForReplay } from "../helpers/pgWal";

describe("real PostgreSQL: the postgres-k8s CLI", function () {
    this.timeout(300000);
    let c: PgCluster;
    let access: LocalAccess;
    before(async () => {
        c = await PgCluster.create({ instances: 3, archive: true });
        access = new LocalAccess(c);     // its kubelet starts the pods
        for (const p of c.pods) await waitFor(`${p.name} running`, async () => (p.running && (await p.run("role.sh")).code === 0 ? true : undefined), 120000);
        await c.waitForPrimaryLabel(c.pods[0]);
        await c.pods[0].sql("CREATE TABLE t(id int PRIMARY KEY)", "appdb");
        await c.pods[0].sql("INSERT INTO t SELECT generate_series(1, 1000)", "appdb");
        for (const p of c.pods.slice(1)) await waitForReplay(p, c.pods[0]);
    });
    after(async () => { access?.stop(); await c?.destroy(); });

    const cli = async (...argv: string[]) => {
        const out: string[] = [];
        const err: string[] = [];
        const code = await runCli(argv, { connect: () => access, io: { out: s => out.push(s), err: s => err.push(s) }, pollMs: 200 });
        return { code, out: out.join("\n"), err: err.join("\n") };
    };

    it("backup: runs the backup CronJob's container to completion and prints the backup id", async () => {
        const r = await cli("backup");
        assert.equal(r.code, 0, r.err);
        assert.match(r.out, /^backup \d{8}T\d{9}Z complete$/);
        assert.match(r.err, /created job pg-backup-manual-\d{14} from cronjob pg-backup/);
        assert.match(r.err, /succeeded/);
    });

    it("restore-drill: runs a drill now and prints a passing result", async () => {
        await switchAndArchive(c.pods[0]);
        const r = await cli("restore-drill");
        assert.equal(r.code, 0, r.out + r.err);
        assert.match(r.out, /^restore drill PASS: backup \d{8}T\d{9}Z, \d+s/);
        assert.match(r.out, /amcheck: \d+ tables, \d+ indexes/);
    });

    it("status: healthy, one table with every instance, archive, backup and drill; --json for scripts", async () => {
        const text = await cli("status");
        assert.equal(text.code, 0, text.out);
        console.log(text.out.split("\n").map(l => `      ${l}`).join("\n"));
        assert.match(text.out, /^cluster pg \(namespace test\): healthy$/m);
        assert.match(text.out, /^POD +NODE +READY +ROLE +TL +REPLICATION +LAG BYTES +LAG S +SYNC +RESTARTS$/m);
        assert.match(text.out, /^pg-0 +local +yes +primary +1 +- /m);
        assert.match(text.out, /^pg-1 +local +yes +replica +1 +streaming +\d+ +\d+\.\d +async /m);
        assert.match(text.out, /^WAL archive: last 0{7}1[0-9A-F]{16} at \S+; \d+ archived, 0 failed$/m);
        assert.match(text.out, /^base backup: \d{8}T\d{9}Z from pg-[12], \d+s old \(1 kept\)$/m);
        assert.match(text.out, /^restore drill: pass at /m);

        const all = await cli("status", "--all");
        assert.equal(all.code, 0);
        assert.match(all.out, /^cluster pg \(namespace test\): healthy\nPOD +NODE/);

        const json = await cli("status", "--json");
        assert.equal(json.code, 0);
        const s = JSON.parse(json.out);
        assert.equal(s.healthy, true);
        assert.deepEqual(s.instances.map((i: any) => i.role), ["primary", "replica", "replica"]);
        assert.deepEqual(s.instances[0].state.replicas.map((r: any) => [r.name, r.state]), [["pg-1", "streaming"], ["pg-2", "streaming"]]);
        assert.equal(s.backup.count, 1);
        assert.equal(s.drill.result, "pass");
    });

    it("status: exit 1 naming the problem when a replica is down", async () => {
        access.down.add("pg-2");
        await c.pods[2].crash();
        try {
            const r = await cli("status");
            assert.equal(r.code, 1);
            assert.match(r.out, /UNHEALTHY/);
            assert.match(r.out, /^PROBLEM: pg-2 is not Ready$/m);
            assert.match(r.out, /^PROBLEM: pg-2: PostgreSQL does not answer/m);
        } finally {
            access.down.delete("pg-2");
        }
        await waitFor("pg-2 back", async () => ((await cli("status")).code === 0 ? true : undefined), 120000, 1000);
    });

    it("switchover: refuses an unknown target and a failover while the primary answers", async () => {
        const unknown = await cli("switchover", "--to", "pg-9");
        assert.equal(unknown.code, 2);
        assert.match(unknown.err, /^refused: pg-9 is not an instance of this cluster/m);
        const self = await cli("switchover", "--to", "pg-0");
        assert.equal(self.code, 2);
        assert.match(self.err, /pg-0 is already the primary/);
        const fo = await cli("failover");
        assert.equal(fo.code, 2);
        assert.match(fo.err, /pg-0 still answers as primary: use switchover/);
    });

    it("switchover --to pg-1: demotes pg-0, promotes pg-1, the label follows, pg-0 streams from pg-1", async () => {
        const before = await c.pods[0].sql("SELECT count(*) FROM t", "appdb");
        const r = await cli("switchover", "--to", "pg-1");
        assert.equal(r.code, 0, r.err);
        assert.match(r.err, /demoting pg-0/);
        assert.match(r.err, /switchover complete: pg-1 is the primary, pg-0 a replica/);
        assert.equal(await c.pods[1].role(), "primary");
        assert.equal(await c.pods[0].role(), "replica");
        assert.equal(await c.pods[1].sql("SELECT count(*) FROM t", "appdb"), before);
        await waitFor("pg-0 and pg-2 streaming from pg-1", async () =>
            (await c.pods[1].sql("SELECT string_agg(application_name || ':' || state, ',' ORDER BY application_name) FROM pg_stat_replication")) === "pg-0:streaming,pg-2:streaming" ? true : undefined, 60000);
    });

    it("failover: refuses while the lost primary's pod still looks alive, then promotes the most advanced replica", async () => {
        await c.pods[1].sql("INSERT INTO t SELECT generate_series(1001, 2000)", "appdb");
        for (const p of [c.pods[0], c.pods[2]]) await waitForReplay(p, c.pods[1]);
        // The primary's node dies (nothing restarts it) and Kubernetes has not noticed yet: the pod still looks Ready.
        access.down.add("pg-1");
        access.staleReady.add("pg-1");
        await c.pods[1].crash();
        const alive = await cli("failover");
        assert.equal(alive.code, 2);
        assert.match(alive.err, /refused: pg-1 does not answer but Kubernetes reports it running/);
        // The node controller marks it: not Ready, on a NotReady node.
        access.staleReady.delete("pg-1");
        const refused = await cli("failover", "--to", "pg-9");
        assert.equal(refused.code, 2);
        assert.match(refused.err, /pg-9 is not a replica that answers/);

        const r = await cli("failover");
        assert.equal(r.code, 0, r.err);
        assert.match(r.err, /promoting the most advanced replica, pg-[02]/);
        assert.match(r.err, /failover complete/);
        const primaries: string[] = [];
        for (const p of [c.pods[0], c.pods[2]]) if ((await p.role()) === "primary") primaries.push(p.name);
        assert.equal(primaries.length, 1);
        const promoted = c.pods.find(p => p.name === primaries[0])!;
        assert.equal(await promoted.sql("SELECT count(*) FROM t", "appdb"), "2000");

        // The old primary's node comes back: it rejoins as a replica (pg_rewind), never a second primary.
        access.down.delete("pg-1");
        await waitFor("pg-1 back", async () => (c.pods[1].running && (await c.pods[1].run("role.sh")).stdout.trim() === "replica" ? true : undefined), 120000);
        await c.waitForPrimaryLabel(promoted);
    });

    it("psql: an interactive shell on the primary, or on a replica with --replica", async () => {
        access.interactiveInput = "SELECT 'on-' || CASE WHEN pg_is_in_recovery() THEN 'replica' ELSE 'primary' END;\n";
        assert.equal((await cli("psql")).code, 0);
        assert.match(access.interactiveOutput, /on-primary/);
        assert.equal((await cli("psql", "--replica")).code, 0);
        assert.match(access.interactiveOutput, /on-replica/);
    });
});
