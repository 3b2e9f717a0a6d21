/**
 * The whole pack over a hand-built stack shaped like the program's output (StatefulSet,
 * -rw/-ro/-hl Services, pg_hba ConfigMap, PDB, NetworkPolicy, StorageClass, backup CronJob),
 * through the dev and prod config files. The program's own run is in program.test.ts.
 */
import * as assert from "assert";
import { TestResource } from "../helpers/policy";
import { mandatory, packConfig, runPack } from "../helpers/policyPack";
import { backupCronJob, networkPolicy, pdb, pgHbaConfigMap, podSpec, service, statefulSet, storageClass } from "./fixtures";

function stack(replicas: number): TestResource[] {
    const headless = service("main-hl");
    headless.props.spec.clusterIP = "None";
    return [statefulSet(replicas), service("main-rw"), service("main-ro"), headless, pgHbaConfigMap(), pdb(), networkPolicy(),
        storageClass("Retain"), backupCronJob()];
}

describe("the whole pack over a program-shaped stack", () => {
    it("dev (1 replica) and prod (3 replicas) have no mandatory violations", async () => {
        assert.deepStrictEqual(mandatory(await runPack(stack(1), packConfig("dev"))), []);
        assert.deepStrictEqual(mandatory(await runPack(stack(3), packConfig("prod"))), []);
    });

    it("an exposed Service is caught in both environments", async () => {
        for (const [env, replicas] of [["dev", 1], ["prod", 3]] as const) {
            const resources = stack(replicas);
            resources[1].props.spec.type = "LoadBalancer";
            assert.deepStrictEqual(mandatory(await runPack(resources, packConfig(env))), [
                "postgres-k8s-service-disallow-public-exposure: The Service exposes PostgreSQL outside the cluster network (type LoadBalancer); use a ClusterIP Service.",
            ]);
        }
    });

    it("a missing anti-affinity term is caught in prod; dev accepts a preferred one but not none", async () => {
        const missing = stack(3);
        delete podSpec(missing[0]).affinity;
        const expected = ['postgres-k8s-workload-enforce-pod-anti-affinity: 3 replicas, but the pod template has no pod anti-affinity term on "kubernetes.io/hostname" that selects its own pods.'];
        assert.deepStrictEqual(mandatory(await runPack(missing, packConfig("prod"))), expected);
        assert.deepStrictEqual(mandatory(await runPack(missing, packConfig("dev"))), expected);

        const preferred = stack(3);
        const anti = podSpec(preferred[0]).affinity.podAntiAffinity;
        anti.preferredDuringSchedulingIgnoredDuringExecution = [{ weight: 100, podAffinityTerm: anti.requiredDuringSchedulingIgnoredDuringExecution[0] }];
        delete anti.requiredDuringSchedulingIgnoredDuringExecution;
        assert.deepStrictEqual(mandatory(await runPack(preferred, packConfig("dev"))), []);
        assert.strictEqual(mandatory(await runPack(preferred, packConfig("prod"))).length, 1);
    });

    it("prod requires the backup CronJob; dev does not", async () => {
        const noBackup = stack(3).filter(r => r.name !== "main-backup");
        assert.deepStrictEqual(mandatory(await runPack(noBackup, packConfig("dev"))), []);
        assert.deepStrictEqual(mandatory(await runPack(noBackup, packConfig("prod"))), [
            'postgres-k8s-stack-enforce-backups: StatefulSet "db/main" in a production stack has no backup CronJob sharing one of its labels postgres-k8s.io/cluster, app.kubernetes.io/instance.',
        ]);
    });
});
