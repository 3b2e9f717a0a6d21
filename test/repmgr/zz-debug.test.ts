import { RepmgrCluster } from "./harness/repmgrCluster";
import { sleep } from "../helpers/pgExec";
import { execSync } from "child_process";
describe("debug", function () {
    this.timeout(600000);
    it("freeze", async () => {
        const c = await RepmgrCluster.create({ instances: 3, parameters: { synchronous_standby_names: "ANY 1 (*)" } });
        console.log(c.root);
        await c.start();
        console.log("pgpool pid", c.pgpool.pid("pgpool"), "pg-0 pids", c.pods[0].pid("postgres"), c.pods[0].pid("repmgrd"));
        c.pods[0].freeze();
        const t0 = Date.now();
        for (let i = 0; i < 12; i++) {
            await sleep(2000);
            console.log(((Date.now() - t0) / 1000).toFixed(1), await Promise.all(c.pods.map((_, j) => c.role(j))));
        }
        console.log(execSync(`ps -o pid,pgid,stat,wchan:20,cmd -g ${c.pgpool.pid("pgpool")} | head -30`).toString());
        console.log(execSync(`ps -eo pid,pgid,stat,cmd | grep -F ${c.root} | grep -v grep | cut -c1-150`).toString());
    });
});
