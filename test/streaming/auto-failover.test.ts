/**
 * The auto-failover controller (components/streaming/scripts/auto-failover.sh) on real
 * PostgreSQL: its loop runs as a process with a stand-in kubectl (test/helpers/cliLocal.ts) that
 * answers its pod and node queries and runs its execs in the local "pods"; a client write loop
 * goes through the read-write Service stand-in, which follows the role labels.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { ChildProcess, spawn, spawnSync } from "child_process";
import { LocalAccess } from "../helpers/cliLocal";
import { PgCluster, sleep, waitFor } from "../helpers/pg";
import { postgresUser } from "../helpers/pgExec";
import { WriteLoop } from "../helpers/pgWriter";
import { waitForReplay } from "../helpers/pgWal";

const CONTROLLER = path.resolve(__dirname, "../../components/streaming/scripts/auto-failover.sh");
const INTERVAL = 1;
const CHECKS = 3;

describe("auto-failover.sh: shellcheck", () => {
    it("is clean, following lib.sh, with strict mode", () => {
        const r = spawnSync("shellcheck", ["--external-sources", "--severity=style", CONTROLLER], { encoding: "utf8" });
        assert.equal(r.status, 0, r.stdout + r.stderr);
        assert.match(fs.readFileSync(CONTROLLER, "utf8"), /^set -euo pipefail$/m);
    });
});

describe("real PostgreSQL: the auto-failover controller", function () {
    this.timeout(300000);
    let c: PgCluster;
    let access: LocalAccess;
    let controller: ChildProcess | undefined;
    let logFile = "";
    before(async () => {
        c = await PgCluster.create({ instances: 3, archive: true });
        access = new LocalAccess(c);
        for (const p of c.pods) await waitFor(`${p.name} running`, async () => (p.running && (await p.run("role.sh")).code === 0 ? true : undefined), 120000);
        await c.waitForPrimaryLabel(c.pods[0]);
        await WriteLoop.createTable(c);
        const kubectl = access.fakeKubectl();
        logFile = path.join(c.root, "auto-failover.log");
        const log = fs.openSync(logFile, "a");
        controller = spawn("bash", [CONTROLLER], {
            uid: postgresUser.uid, gid: postgresUser.gid, cwd: "/", stdio: ["ignore", log, log],
            env: {
                PATH: process.env.PATH, POD_NAMESPACE: "test", PG_FAILOVER_PODS: c.pods.map(p => p.name).join(" "),
                PG_ROLE_LABEL: "postgres-k8s.io/role", PG_KUBECTL: kubectl, PG_SCRIPTS_DIR: c.pods[0].dirs.scriptsDir,
                PG_RUN_DIR: c.root, PG_FAILOVER_INTERVAL_SECONDS: String(INTERVAL), PG_FAILOVER_CHECKS: String(CHECKS),
            },
        });
        fs.closeSync(log);
        await waitFor("the controller's first check", async () => (fs.existsSync(path.join(c.root, "auto-failover.alive")) ? true : undefined));
    });
    after(async () => {
        controller?.kill("SIGTERM");
        access?.stop();
        if (fs.existsSync(logFile)) console.log(fs.readFileSync(logFile, "utf8").split("\n").slice(-15).map(l => `      | ${l}`).join("\n"));
        await c?.destroy();
    });

    const controllerLog = () => fs.readFileSync(logFile, "utf8");
    const primaries = async () => {
        const out: string[] = [];
        for (const p of c.pods) if (p.running && (await p.run("role.sh")).stdout.trim() === "primary") out.push(p.name);
        return out;
    };

    it("leaves a healthy cluster alone, and a primary whose container restarts", async () => {
        await sleep((CHECKS + 1) * INTERVAL * 1000);
        await c.pods[0].crash();                      // the kubelet restarts it at once
        await waitFor("pg-0 back as primary", async () => (c.pods[0].running && (await c.pods[0].run("role.sh")).stdout.trim() === "primary" ? true : undefined), 60000);
        await sleep((CHECKS + 1) * INTERVAL * 1000);
        assert.deepEqual(await primaries(), ["pg-0"]);
        assert.doesNotMatch(controllerLog(), /FAILOVER/);
    });

    it("never fails over a primary whose container still runs but does not answer (it could come back as primary)", async () => {
        const pid = c.pods[0].postmasterPid()!;
        const from = controllerLog().length;
        const since = () => controllerLog().slice(from);
        process.kill(pid, "SIGSTOP");
        try {
            await waitFor("two checks past the threshold", async () => (/check 5 of 3/.test(since()) ? true : undefined), 90000);
            assert.match(since(), /pg-0 does not answer but its postgres container runs .*: waiting, it may come back as the primary/);
            assert.doesNotMatch(controllerLog(), /FAILOVER/);
        } finally {
            process.kill(pid, "SIGCONT");
        }
        await waitFor("pg-0 answers again", async () => ((await primaries()).join() === "pg-0" ? true : undefined), 60000);
    });

    it("fails over when the primary's node is lost: promotes the most advanced replica, writes resume, the old primary rejoins as a replica", async () => {
        const w = new WriteLoop(c);
        w.start(240);
        try {
            await waitFor("writes before the loss", async () => (w.ackedCount() >= 50 ? true : undefined));
            for (const p of c.pods.slice(1)) await waitForReplay(p, c.pods[0]);
            const lostAt = Date.now();
            access.down.add("pg-0");                  // node gone: nothing restarts it, NotReady
            await c.pods[0].crash();
            const promoted = await waitFor("a new primary", async () => {
                const ps = await primaries();
                return ps.length === 1 && ps[0] !== "pg-0" ? ps[0] : undefined;
            }, 120000, 100);
            const promotedAt = Date.now();
            const target = c.pods.find(p => p.name === promoted)!;
            await c.waitForPrimaryLabel(target);
            const labelledAt = Date.now();
            const before = w.ackedCount();
            await waitFor("writes after the failover", async () => (w.ackedCount() >= before + 20 ? true : undefined), 60000, 100);
            const r = await w.stop();
            console.log(`      failover (interval ${INTERVAL}s x ${CHECKS} checks): primary lost -> promoted ${promotedAt - lostAt} ms, ` +
                `-> read-write label moved ${labelledAt - lostAt} ms; longest write gap ${r.longestGapMs} ms; ${r.acked.length} acknowledged commits`);
            assert.match(controllerLog(), /FAILOVER: pg-0 is down \(its node node-pg-0 is not Ready \(False\)\) and no primary answered for 3 checks; promoting pg-[12]/);
            const present = new Set((await target.sql("SELECT id FROM acked", "appdb")).split("\n").filter(Boolean).map(Number));
            // Asynchronous replication: commits acknowledged in the last instant before the crash may be lost (RPO > 0).
            console.log(`      acknowledged commits missing after the failover: ${r.acked.filter(id => !present.has(id)).length}`);

            access.down.delete("pg-0");               // the node returns: the kubelet starts pg-0 again
            await waitFor("pg-0 to rejoin as a replica", async () => (c.pods[0].running && (await c.pods[0].run("role.sh")).stdout.trim() === "replica" ? true : undefined), 120000);
            assert.match(c.pods[0].log(), /rejoining as a replica/);
            await sleep((CHECKS + 1) * INTERVAL * 1000);
            assert.deepEqual(await primaries(), [promoted]);
            assert.equal((controllerLog().match(/FAILOVER:/g) ?? []).length, 1, "exactly one failover");
        } finally {
            w.kill();
        }
    });
});
