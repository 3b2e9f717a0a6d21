/**
 * The streaming topology's auto-failover controller on real PostgreSQL (3 instances, async
 * replication): the primary's node is lost under a write loop, at a fast setting and at the
 * defaults (autoFailoverIntervalSeconds 10 x autoFailoverChecks 3). Node-monitor delays of a real
 * control plane (node NotReady after ~40 s) come on top; the stand-in reports NotReady at once.
 */
import { FailoverController, loseThePrimarysNode, NodeLossFailover } from "../test/helpers/autoFailover";
import { LocalAccess } from "../test/helpers/cliLocal";
import { PgCluster, waitFor } from "../test/helpers/pg";
import { WriteLoop } from "../test/helpers/pgWriter";

async function once(intervalSeconds: number, checks: number): Promise<NodeLossFailover> {
    const c = await PgCluster.create({ instances: 3, archive: true });
    const access = new LocalAccess(c);
    let controller: FailoverController | undefined;
    try {
        for (const p of c.pods) await waitFor(`${p.name} running`, async () => (p.running && (await p.run("role.sh")).code === 0 ? true : undefined), 120000);
        await c.waitForPrimaryLabel(c.pods[0]);
        await WriteLoop.createTable(c);
        controller = await FailoverController.start(c, access, intervalSeconds, checks);
        return await loseThePrimarysNode(c, access);
    } finally {
        controller?.stop();
        access.stop();
        await c.destroy();
    }
}

export async function measureAutoFailover(): Promise<Record<string, NodeLossFailover>> {
    const out: Record<string, NodeLossFailover> = {};
    for (const [interval, checks] of [[1, 3], [10, 3]]) out[`streaming autoFailover: node lost (${interval} s x ${checks})`] = await once(interval, checks);
    return out;
}
