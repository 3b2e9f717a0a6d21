/**
 * The `postgres-k8s` command line: status, switchover, failover, backup, restore-drill, psql.
 * `runCli` takes its transport and clock as arguments so tests drive the same code path.
 */
import { Command, CommanderError } from "commander";
import { assessCluster, defaultThresholds, gatherStatus, renderStatus } from "./status";
import { planFailover, planSwitchover, runFailover, runSwitchover } from "./switchover";
import { runBackup } from "./backup";
import { renderDrill, runRestoreDrill } from "./restore-drill";
import { interactivePsqlCommand } from "./sql";
import { ClusterAccess, JobAccess } from "./types";
import { Target } from "./target";

export interface CliIo {
    out: (s: string) => void;
    err: (s: string) => void;
}

export interface GlobalOptions { kubeconfig?: string; context?: string; namespace?: string; cluster?: string; stack?: string }

export interface CliDeps {
    /** Builds the transport once the global options are known. */
    connect: (o: GlobalOptions & Target) => ClusterAccess & JobAccess;
    /** Resolves --stack to a namespace and cluster. */
    stackTarget?: (stack: string) => Target;
    now?: () => Date;
    io?: CliIo;
    /** Poll interval of the job and role waits (tests shorten it). */
    pollMs?: number;
}

/** Exit codes: 0 done/healthy, 1 unhealthy or failed, 2 refused as unsafe, 64 usage error. */
export const exitCodes = { ok: 0, failed: 1, refused: 2, usage: 64 } as const;

class Refusal extends Error {}

export async function runCli(argv: string[], deps: CliDeps): Promise<number> {
    const io = deps.io ?? { out: s => process.stdout.write(s + "\n"), err: s => process.stderr.write(s + "\n") };
    const now = deps.now ?? (() => new Date());
    let code: number = exitCodes.ok;
    const program = new Command("postgres-k8s")
        .description("Operate a postgres-k8s cluster: status, switchover, failover, backups, restore drills, psql.")
        .option("--kubeconfig <file>", "kubeconfig file (default: $KUBECONFIG or ~/.kube/config)")
        .option("--context <name>", "kubeconfig context (default: the current one)")
        .option("-n, --namespace <ns>", "namespace of the cluster (default: the context's)")
        .option("-c, --cluster <name>", "cluster name (the clusterName config key)", "pg")
        .option("-s, --stack <name>", "take namespace and cluster from this Pulumi stack's outputs")
        .exitOverride()
        .configureOutput({ writeOut: s => io.out(s.trimEnd()), writeErr: s => io.err(s.trimEnd()) });

    const target = () => {
        const g = program.opts<GlobalOptions>();
        const fromStack = g.stack ? (deps.stackTarget ?? (() => { throw new Error("--stack is not available here"); }))(g.stack) : {};
        const t = { ...g, namespace: g.namespace ?? fromStack.namespace, cluster: fromStack.cluster && program.getOptionValueSource("cluster") === "default" ? fromStack.cluster : g.cluster! };
        return { access: deps.connect(t), cluster: t.cluster };
    };
    const progress = (s: string) => io.err(`${now().toISOString().slice(11, 19)} ${s}`);

    program.command("status")
        .description("one table per cluster: pods, nodes, roles, timelines, replication, archive, backups, drills; exit 1 when unhealthy")
        .option("--json", "machine-readable output")
        .option("--backup-max-age-hours <h>", "a newest base backup older than this is a problem", String(defaultThresholds.backupMaxAgeSeconds / 3600))
        .option("--all", "every cluster in the namespace, one table each")
        .action(async (o: { json?: boolean; all?: boolean; backupMaxAgeHours: string }) => {
            const { access, cluster } = target();
            const clusters = o.all ? await access.clusters() : [cluster];
            if (!clusters.length) throw new Error(`no PostgreSQL cluster in namespace ${access.namespace}`);
            const results = [];
            for (const c of clusters) {
                const status = await gatherStatus(access, access, c, now());
                results.push({ ...status, ...assessCluster(status, { ...defaultThresholds, backupMaxAgeSeconds: Number(o.backupMaxAgeHours) * 3600 }) });
            }
            io.out(o.json ? JSON.stringify(o.all ? results : results[0], null, 2) : results.map(r => renderStatus(r, r)).join("\n\n"));
            code = results.every(r => r.healthy) ? exitCodes.ok : exitCodes.failed;
        });

    program.command("switchover")
        .description("planned switchover: demote the primary, promote --to once it holds all the primary's WAL")
        .requiredOption("--to <pod>", "the replica to promote")
        .option("--timeout <seconds>", "longest wait for each step", "180")
        .action(async (o: { to: string; timeout: string }) => {
            const { access, cluster } = target();
            const status = await gatherStatus(access, undefined, cluster, now());
            const plan = planSwitchover(status.instances, o.to);
            if (!plan.ok) throw new Refusal(plan.refusal);
            plan.notes.forEach(progress);
            await runSwitchover(access, cluster, plan, progress, { timeoutMs: Number(o.timeout) * 1000 });
        });

    program.command("failover")
        .description("unplanned failover: promote the most advanced replica (or --to) when no primary answers")
        .option("--to <pod>", "the replica to promote (default: the one with the most WAL)")
        .option("--force", "promote although a pod that does not answer may still run, or --to has less WAL than another replica")
        .option("--timeout <seconds>", "longest wait for the label to follow", "180")
        .action(async (o: { to?: string; force?: boolean; timeout: string }) => {
            const { access, cluster } = target();
            const status = await gatherStatus(access, undefined, cluster, now());
            const plan = planFailover(status.instances, o.to, o.force ?? false);
            if (!plan.ok) throw new Refusal(plan.refusal);
            plan.notes.forEach(progress);
            await runFailover(access, cluster, plan, o.force ?? false, progress, { timeoutMs: Number(o.timeout) * 1000 });
        });

    program.command("backup")
        .description("take a base backup now: a Job from the backup CronJob, followed to completion")
        .action(async () => {
            const { access, cluster } = target();
            const r = await runBackup(access, cluster, now(), progress, deps.pollMs);
            if (r.job.state !== "succeeded") {
                io.err(r.log.trim());
                throw new Error(`backup job ${r.job.name} failed${r.job.failureReason ? ` (${r.job.failureReason})` : ""}`);
            }
            io.out(r.backupId ? `backup ${r.backupId} complete` : `backup job ${r.job.name} complete`);
        });

    program.command("restore-drill")
        .description("run the restore drill now and print its result; exit 1 when it fails")
        .option("--json", "machine-readable output")
        .action(async (o: { json?: boolean }) => {
            const { access, cluster } = target();
            const r = await runRestoreDrill(access, cluster, now(), progress, deps.pollMs);
            io.out(o.json ? JSON.stringify(r, null, 2) : renderDrill(r));
            code = r.result === "pass" ? exitCodes.ok : exitCodes.failed;
        });

    program.command("psql")
        .description("an interactive psql on the primary (or a replica) as the superuser, over the pod's socket")
        .option("--replica", "connect to a ready replica instead")
        .option("-d, --dbname <name>", "database", "postgres")
        .action(async (o: { replica?: boolean; dbname: string }) => {
            const { access, cluster } = target();
            const want = o.replica ? "replica" : "primary";
            const pods = (await access.pods(cluster)).filter(p => p.roleLabel === want && p.ready);
            if (!pods.length) throw new Refusal(`no Ready pod is labelled ${want}`);
            progress(`psql on ${pods[0].name} (${want})`);
            code = await access.execInteractive(pods[0].name, interactivePsqlCommand(o.dbname));
        });

    try {
        await program.parseAsync(argv, { from: "user" });
        return code;
    } catch (e) {
        if (e instanceof CommanderError) return e.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
        if (e instanceof Refusal) { io.err(`refused: ${e.message}`); return exitCodes.refused; }
        io.err(`error: ${(e as Error).message}`);
        return exitCodes.failed;
    }
}
