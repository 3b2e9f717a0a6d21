/**
 * The repmgr topology's proof on real processes: PostgreSQL 15, repmgrd (Debian's repmgr 5.3)
 * and pgpool-II 4.3, started from the rendered config files with the pod scripts, each "pod" on
 * its own loopback address. Synchronous replication (ANY 1): no acknowledged commit may be lost.
 * One cluster goes through the scenarios in order; timings are printed, never asserted.
 */
import { strict as assert } from "assert";
import { sleep, waitFor } from "../helpers/pgExec";
import { WriteLoop } from "../helpers/pgWriter";
import { RepmgrCluster } from "./harness/repmgrCluster";
import { awaitNewPrimary, awaitWrites, FailoverTimeline, formatTimeline, measureFailover, printLivenessKills, startWriter, writeTarget } from "./harness/timeline";

describe("repmgr + pgpool: automatic failover on real PostgreSQL, repmgrd and pgpool", function () {
    this.timeout(600000);
    let c: RepmgrCluster;
    let primary = 0;
    const timelines: Record<string, FailoverTimeline> = {};

    const primaries = async () => {
        const roles = await Promise.all(c.pods.map((_, i) => c.role(i)));
        return roles.flatMap((r, i) => (r === "primary" ? [i] : []));
    };
    // A rejoin (fence, pg_rewind, restart, registration) is bounded, not timed: 4 min for a
    // loaded machine (once, under load, it had not finished after 2 min).
    const awaitStandbyOf = (i: number, upstream: number) => waitFor(`pg-${i} to stream from pg-${upstream}`, async () =>
        (await c.trySql(upstream, `SELECT count(*) FROM pg_stat_replication WHERE application_name = 'pg-${i}' AND state = 'streaming'`)) === "1" ? true : undefined, 240000, 250);
    // pcp does not answer while pgpool restarts (its liveness probe restarts a pgpool whose
    // failover is stuck, see pgpool-alive.sh): a pgpool that is down routes nothing.
    const pgpoolNodes = () => c.pgpoolNodes().catch(() => undefined);
    /**
     * pg-i's repmgrd monitors pg-upstream: its last monitoring line in the repmgrd log says so,
     * the one of its start ("monitoring connection to upstream node") or of a follow ("now
     * following new upstream node"; a standby that followed logs no start line again).
     */
    const awaitMonitoring = (i: number, upstream: number) => waitFor(`pg-${i}'s repmgrd to monitor pg-${upstream}`, async () => {
        const lines = c.pods[i].log("repmgrd").split("\n").filter(l => /monitoring connection to upstream node|now following new upstream node|degraded monitoring|repmgrd exited|stopping repmgrd/.test(l));
        return lines.length > 0 && lines[lines.length - 1].includes(`upstream node "pg-${upstream}"`) ? true : undefined;
    }, 120000, 500);
    const awaitPgpoolUp = (i: number, role: string) => waitFor(`pgpool to have pg-${i} up as ${role}`, async () => {
        const n = (await pgpoolNodes())?.[i];
        // "waiting": attached, no session has used it yet.
        return n && (n.status === "up" || n.status === "waiting") && n.role === role ? true : undefined;
    }, 90000, 500);

    before(async () => {
        c = await RepmgrCluster.create({ instances: 3, parameters: { synchronous_standby_names: "ANY 1 (*)" } });
        await c.start();
        await WriteLoop.createTable(writeTarget(c));
    });

    after(async () => {
        for (const [what, t] of Object.entries(timelines)) console.log(`      ${formatTimeline(what, t)}`);
        printLivenessKills(c);
        await c?.destroy();
    });

    it("starts one primary and two registered, streaming standbys; pgpool sees the same", async () => {
        assert.deepEqual(await primaries(), [0]);
        // The standbys cloned into their staging directory and published it at the first attempt
        // (a clone straight into PGDATA made publish refuse it and the container restart).
        assert.deepEqual(c.pods.map(p => p.restarts.postgres ?? 0), [0, 0, 0], "postgres container restarts");
        // repmgrd registers once its server answers on the address in its conninfo: the server of
        // the first start's initialisation listens on the socket only (each restart costs a pod
        // a kubelet back-off of 10 s and more).
        assert.deepEqual(c.pods.map(p => p.restarts.repmgrd ?? 0), [0, 0, 0], "repmgrd container restarts");
        const nodes = await c.sql(0, "SELECT node_name || ':' || type || ':' || COALESCE(upstream_node_id, 0) FROM repmgr.nodes ORDER BY node_id", "repmgr");
        assert.deepEqual(nodes.split("\n"), ["pg-0:primary:0", "pg-1:standby:1", "pg-2:standby:1"]);
        assert.deepEqual((await c.pgpoolNodes()).map(n => `${n.status}/${n.role}`), ["up/primary", "up/standby", "up/standby"]);
        // The app user reaches the primary through pgpool with scram (pool_passwd from the Secret).
        assert.equal(await c.appSql("SELECT current_user || ' ' || pg_is_in_recovery()::text"), "app false");
    });

    it("a pgpool killed in its pod (as its liveness probe ends) starts again and routes writes", async () => {
        const restarts = c.pgpool.restarts.pgpool ?? 0;
        c.pgpool.killContainer("pgpool");
        await waitFor("pgpool to restart", async () => ((c.pgpool.restarts.pgpool ?? 0) > restarts ? true : undefined), 30000, 100);
        // Its predecessor's pid file names PID 1, which the new pgpool is too (pgpool-entrypoint.sh).
        await waitFor("a write through the restarted pgpool", async () =>
            (await c.appSql("SELECT pg_is_in_recovery()::text").catch(() => undefined)) === "false" ? true : undefined, 60000, 500);
        assert.equal(c.pgpool.restarts.pgpool, restarts + 1, "pgpool restarted more than once");
    });

    it("a pgpool restarted while a standby's host is gone starts, routes writes, and attaches the standby again once it is back", async () => {
        // What the host-gone failover ran into under load: its liveness probe restarted a stuck
        // pgpool while the old primary's host was unreachable, and the new pgpool, looking for
        // the primary at start, retried the dead address for ever (pcp never answered).
        const gone = 2;
        await awaitStandbyOf(gone, 0);
        c.pods[gone].freeze();
        await c.cutNetwork(gone);
        try {
            const restarts = c.pgpool.restarts.pgpool ?? 0;
            c.pgpool.killContainer("pgpool");
            await waitFor("pgpool to restart", async () => ((c.pgpool.restarts.pgpool ?? 0) > restarts ? true : undefined), 30000, 100);
            await waitFor("a write through the pgpool restarted while pg-2's host is gone", async () =>
                (await c.appSql("SELECT pg_is_in_recovery()::text").catch(() => undefined)) === "false" ? true : undefined, 60000, 500);
            assert.equal(c.pgpool.restarts.pgpool, restarts + 1, "pgpool restarted more than once");
        } finally {
            await c.restoreNetwork(gone);
            c.pods[gone].thaw();
        }
        // Back on the network and streaming again, auto_failback attaches it.
        await awaitStandbyOf(gone, 0);
        await awaitPgpoolUp(gone, "standby");
        assert.deepEqual((await c.pgpoolNodes()).map(n => `${n.status}/${n.role}`).map(s => s.replace("waiting", "up")), ["up/primary", "up/standby", "up/standby"]);
    });

    /** A 2 s fault of the primary under a write loop: no promotion, no pgpool detach, writes go on. */
    async function assertNoFailover(what: string, writer: string, fault: () => Promise<void>, recover: () => Promise<void>) {
        const w = startWriter(c, writer, 120);
        await awaitWrites(c, w, "writes before the fault");
        await fault();
        await sleep(2000);
        await recover();
        const afterFault = w.ackedCount();
        // Longer than any detection window of the defaults: a false failover would show by now.
        await sleep(10000);
        const result = await w.stop();
        assert.deepEqual(await primaries(), [0], `a standby was promoted during a ${what}`);
        assert.deepEqual((await c.pgpoolNodes()).map(n => `${n.status}/${n.role}`), ["up/primary", "up/standby", "up/standby"],
            `pgpool detached a backend during a ${what}`);
        assert.ok(result.acked.length > afterFault, `no write was acknowledged after the ${what}`);
        assert.equal(await c.sql(0, "SELECT count(*) FROM repmgr.events WHERE event LIKE '%promote%'", "repmgr"), "0");
    }

    it("does not fail over when the primary stalls for 2 s (SIGSTOP, then SIGCONT)", () =>
        assertNoFailover("2 s stall", "writer-stall", async () => c.pods[0].freeze(), async () => c.pods[0].thaw()));

    it("does not fail over when the primary's network drops every packet for 2 s", () =>
        assertNoFailover("2 s network hiccup", "writer-hiccup", () => c.cutNetwork(0), () => c.restoreNetwork(0)));

    it("fails over automatically when the primary is killed (SIGKILL of its pod) and loses no acknowledged commit", async () => {
        const old = primary;
        const t = await measureFailover(c, old, "writer-kill", () => c.pods[old].kill());
        timelines["SIGKILL of the primary"] = t;
        primary = t.newPrimary;
        assert.equal(t.lost, 0, `acknowledged commits lost: ${t.lost}`);
        assert.deepEqual(await primaries(), [primary]);
        const events = await c.sql(primary, "SELECT event FROM repmgr.events WHERE successful ORDER BY event_timestamp", "repmgr");
        assert.match(events, /repmgrd_failover_promote/);
    });

    it("brings the killed primary back as a standby with pg_rewind, and pgpool attaches it again by itself", async () => {
        c.pods[0].start();
        await awaitStandbyOf(0, primary);
        assert.match(c.pods[0].log("postgres"), /rejoined as a replica of pg-\d/);
        assert.match(c.pods[0].log("postgres"), /pg_rewind|rewinding/);
        assert.equal(await c.role(0), "standby");
        // The shared rejoin.sh writes no slot here: repmgr's standbys stream without slots.
        assert.equal(await c.sql(0, "SHOW primary_slot_name"), "");
        await waitFor("pg-0 to be registered again as a standby of the new primary", async () =>
            (await c.sql(primary, "SELECT type || ':' || upstream_node_id FROM repmgr.nodes WHERE node_id = 1", "repmgr")) === `standby:${primary + 1}` ? true : undefined, 60000, 500);
        await awaitPgpoolUp(0, "standby");
        await awaitPgpoolUp(primary, "primary");
    });

    it("fails over when the primary's host is gone (its processes frozen, its address unreachable), and the stale primary that comes back is never sent a write", async () => {
        const old = primary;
        await Promise.all(c.pods.map((_, i) => (i === old ? undefined : awaitStandbyOf(i, old))));
        const t = await measureFailover(c, old, "writer-host-gone", async () => {
            c.pods[old].freeze();
            await c.cutNetwork(old);
        });
        timelines["host gone (pod frozen, address unreachable)"] = t;
        primary = t.newPrimary;
        assert.equal(t.lost, 0, `acknowledged commits lost: ${t.lost}`);
        // The host comes back: its server is still a primary on the old timeline.
        const w = startWriter(c, "writer-stale", 120);
        await c.restoreNetwork(old);
        c.pods[old].thaw();
        // Until it has rejoined, pgpool must never have it attached as its primary; once a
        // streaming standby again, auto_failback may attach it as a standby.
        const attachedAsPrimary: string[] = [];
        const deadline = Date.now() + 15000;
        while (Date.now() < deadline) {
            const n = (await pgpoolNodes())?.[old];
            if (n && n.status !== "down" && n.role === "primary") attachedAsPrimary.push(`${n.status}/${n.role}`);
            await sleep(300);
        }
        const result = await w.stop();
        assert.deepEqual(attachedAsPrimary, [], "pgpool attached the stale primary as its primary");
        const present = new Set((await c.sql(primary, "SELECT id FROM acked", "appdb")).split("\n").map(Number));
        const missing = result.acked.filter(id => !present.has(id));
        // Where they went, while the stale server still has them (its fence is seconds away). In
        // the failure this reported (CI, 2026-12-02) the fence had stopped the new primary instead,
        // which then rewound onto the stale one: test/repmgr/fence.test.ts holds that case now.
        let where = "";
        if (missing.length > 0) {
            const onStale = await c.trySql(old, `SELECT string_agg(id::text, ',' ORDER BY id) FROM acked WHERE id IN (${missing.join(",")})`, "appdb");
            const itsStandbys = await c.trySql(old, "SELECT string_agg(application_name || ' ' || state || ' ' || sync_state, ', ') FROM pg_stat_replication");
            where = ` (found on the stale pg-${old}: ${onStale || "none"}; streaming from it: ${itsStandbys || "none"}; pgpool: ${JSON.stringify(await pgpoolNodes())})`;
        }
        assert.deepEqual(missing, [], `writes acknowledged by the stale primary${where}`);
        // Its repmgrd container fences it (a newer timeline is primary); it restarts and rejoins.
        await awaitStandbyOf(old, primary);
        assert.match(c.pods[old].log("repmgrd"), /FENCING: pg-\d is primary on timeline \d+/);
        assert.deepEqual(await primaries(), [primary]);
        await awaitPgpoolUp(old, "standby");
    });

    it("fails over when the primary's host is gone and pgpool restarts meanwhile: the new pgpool finds the new primary; the old one rejoins and is attached as a standby", async () => {
        // The host-gone flake's own sequence, made certain: a pgpool restarted (as its liveness
        // probe does when the failover is stuck) while the primary's host is unreachable.
        const old = primary;
        await Promise.all(c.pods.map((_, i) => (i === old ? undefined : awaitStandbyOf(i, old))));
        await Promise.all(c.pods.map((_, i) => (i === old ? undefined : awaitMonitoring(i, old))));
        const w = startWriter(c, "writer-host-gone-restart", 240);
        await awaitWrites(c, w, "the write loop's first acknowledged writes");
        c.pods[old].freeze();
        await c.cutNetwork(old);
        const restarts = c.pgpool.restarts.pgpool ?? 0;
        c.pgpool.killContainer("pgpool");
        let result: { acked: number[] };
        try {
            const promoted = await awaitNewPrimary(c, old);
            primary = promoted.pod;
            await waitFor("an acknowledged write through the restarted pgpool after the promotion", async () =>
                (w.acks().some(([, t]) => t > promoted.at) ? true : undefined), 120000, 200);
        } finally {
            result = await w.stop();
            await c.restoreNetwork(old);
            c.pods[old].thaw();
        }
        const present = new Set((await c.sql(primary, "SELECT id FROM acked", "appdb")).split("\n").map(Number));
        assert.deepEqual(result.acked.filter(id => !present.has(id)), [], "acknowledged commits lost");
        await awaitStandbyOf(old, primary);
        assert.deepEqual(await primaries(), [primary]);
        // pgpool started without it; it is attached once it streams (pgpool-alive.sh).
        await awaitPgpoolUp(old, "standby");
        assert.equal(c.pgpool.restarts.pgpool, restarts + 1, "pgpool restarted more than once");
    });

    it("switches over on request with no acknowledged commit lost; the old primary rejoins", async () => {
        const old = primary;
        await Promise.all(c.pods.map((_, i) => (i === old ? undefined : awaitStandbyOf(i, old))));
        // A standby that has just rejoined (the host-gone case) streams before its repmgrd runs
        // again: an election without it lacks a majority and repmgr then promotes nobody.
        await Promise.all(c.pods.map((_, i) => (i === old ? undefined : awaitMonitoring(i, old))));
        const t = await measureFailover(c, old, "writer-switchover", async () => {
            const r = await c.script(old, "repmgr-switchover.sh");
            assert.equal(r.code, 0, r.stderr);
        });
        timelines["planned switchover"] = t;
        primary = t.newPrimary;
        assert.equal(t.lost, 0, `acknowledged commits lost: ${t.lost}`);
        await awaitStandbyOf(old, primary);
        assert.deepEqual(await primaries(), [primary]);
        await awaitPgpoolUp(old, "standby");
    });

    it("never wrote a password to any log", () => {
        assert.deepEqual(c.leakedPasswords(), []);
    });
});
