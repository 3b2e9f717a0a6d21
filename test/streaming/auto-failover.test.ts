/**
 * The auto-failover controller (components/streaming/scripts/auto-failover.sh) on real
 * PostgreSQL: its loop runs as a process with a stand-in kubectl (test/helpers/cliLocal.ts) that
 * answers its pod and node queries and runs its execs in the local "pods"; a client write loop
 * goes through the read-write Service stand-in, which follows the role labels.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import { spawnSync } from "child_process";
import { CONTROLLER_SCRIPT, FailoverController, loseThePrimarysNode, primaries } from "../helpers/autoFailover";
import { LocalAccess } from "../helpers/cliLocal";
import { PgCluster, sleep, waitFor } from "../helpers/pg";
import { WriteLoop } from "../helpers/pgWriter";

const INTERVAL = 1;
const CHECKS = 3;

describe("auto-failover.sh: shellcheck", () => {
    it("is clean, following lib.sh, with strict mode", () => {
        const r = spawnSync("shellcheck", ["--external-sources", "--severity=style", CONTROLLER_SCRIPT], { encoding: "utf8" });
        assert.equal(r.status, 0, r.stdout + r.stderr);
        assert.match(fs.readFileSync(CONTROLLER_SCRIPT, "utf8"), /^set -euo pipefail$/m);
    });
});

describe("real PostgreSQL: the auto-failover controller", function () {
    this.timeout(300000);
    let c: PgCluster;
    let access: LocalAccess;
    let controller: FailoverController | undefined;
    before(async () => {
        c = await PgCluster.create({ instances: 3, archive: true });
        access = new LocalAccess(c);
        for (const p of c.pods) await waitFor(`${p.name} running`, async () => (p.running && (await p.run("role.sh")).code === 0 ? true : undefined), 120000);
        await c.waitForPrimaryLabel(c.pods[0]);
        await WriteLoop.createTable(c);
        controller = await FailoverController.start(c, access, INTERVAL, CHECKS);
    });
    after(async () => {
        controller?.stop();
        access?.stop();
        if (controller) console.log(controller.log().split("\n").slice(-15).map(l => `      | ${l}`).join("\n"));
        await c?.destroy();
    });

    const controllerLog = () => controller!.log();

    it("leaves a healthy cluster alone, and a primary whose container restarts", async () => {
        await sleep((CHECKS + 1) * INTERVAL * 1000);
        await c.pods[0].crash();                      // the kubelet restarts it at once
        await waitFor("pg-0 back as primary", async () => (c.pods[0].running && (await c.pods[0].run("role.sh")).stdout.trim() === "primary" ? true : undefined), 60000);
        await sleep((CHECKS + 1) * INTERVAL * 1000);
        assert.deepEqual(await primaries(c), ["pg-0"]);
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
        await waitFor("pg-0 answers again", async () => ((await primaries(c)).join() === "pg-0" ? true : undefined), 60000);
        // And the controller has seen it: otherwise its count of checks without a primary goes on
        // into the next test (CI, 2026-12-02: "no primary answered for 6 checks").
        await waitFor("the controller to see pg-0 answer again", async () => (/primary pg-0 answers again/.test(since()) ? true : undefined), 30000);
    });

    it("fails over when the primary's node is lost: promotes the most advanced replica, writes resume, the old primary rejoins as a replica", async () => {
        const f = await loseThePrimarysNode(c, access);
        console.log(`      failover (interval ${INTERVAL}s x ${CHECKS} checks): primary lost -> promoted ${f.promotedMs} ms, ` +
            `-> read-write label moved ${f.labelledMs} ms; longest write gap ${f.longestGapMs} ms; ${f.acked} acknowledged commits`);
        // Asynchronous replication: commits acknowledged in the last instant before the crash may be lost (RPO > 0).
        console.log(`      acknowledged commits missing after the failover: ${f.lost}`);
        assert.match(controllerLog(), /FAILOVER: pg-0 is down \(its node node-pg-0 is not Ready \(False\)\) and no primary answered for 3 checks; promoting pg-[12]/);

        access.down.delete("pg-0");               // the node returns: the kubelet starts pg-0 again
        await waitFor("pg-0 to rejoin as a replica", async () => (c.pods[0].running && (await c.pods[0].run("role.sh")).stdout.trim() === "replica" ? true : undefined), 120000);
        assert.match(c.pods[0].log(), /rejoining as a replica/);
        await sleep((CHECKS + 1) * INTERVAL * 1000);
        assert.deepEqual(await primaries(c), [f.promoted]);
        assert.equal((controllerLog().match(/FAILOVER:/g) ?? []).length, 1, "exactly one failover");
    });
});
