import { enforceBackups as policy } from "../../../policies/stack/enforceBackups";
import { assertHasStackViolation, assertNoStackViolations, runStackPolicy, stackArgs, urnOf } from "../../helpers/policy";
import * as assert from "assert";
import { backupCronJob, cnpgCluster, statefulSet } from "../fixtures";

const PROD = { production: true };

function scheduledBackup(cluster = "pg") {
    return { type: "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup", name: "daily",
        props: { metadata: { name: "daily", namespace: "db" }, spec: { schedule: "0 0 3 * * *", cluster: { name: cluster }, method: "plugin" } } };
}

describe("postgres-k8s-stack-enforce-backups", () => {
    it("#1 is not applicable outside production", async () => {
        const outcome = await runStackPolicy(policy, stackArgs([statefulSet()]));
        assert.deepStrictEqual(outcome, { violations: [], notApplicable: "the stack is not marked production" });
    });

    it("#2 passes a StatefulSet with its backup CronJob; a production stack tag also marks production", async () => {
        await assertNoStackViolations(policy, stackArgs([statefulSet(), backupCronJob()], PROD));
        const sts = statefulSet();
        await assertHasStackViolation(policy, stackArgs([sts], {}, { environment: "production" }), {
            message: 'StatefulSet "db/main" in a production stack has no backup CronJob sharing one of its labels postgres-k8s.io/cluster, app.kubernetes.io/instance.',
            urn: urnOf(sts),
        });
    });

    it("#3 a suspended CronJob or one for another cluster does not count", async () => {
        const sts = statefulSet();
        const suspended = backupCronJob();
        suspended.props.spec.suspend = true;
        const other = backupCronJob();
        other.props.spec.jobTemplate.spec.template.metadata.labels = { "postgres-k8s.io/cluster": "other", "app.kubernetes.io/instance": "other" };
        const result = await runStackPolicy(policy, stackArgs([sts, suspended, other], PROD));
        assert.deepStrictEqual(result.violations.map(v => v.urn), [urnOf(sts)]);
    });

    it("#4 CloudNativePG needs a WAL archiver and a ScheduledBackup", async () => {
        await assertNoStackViolations(policy, stackArgs([cnpgCluster(), scheduledBackup()], PROD));
        const cluster = cnpgCluster();
        delete cluster.props.spec.plugins;
        await assertHasStackViolation(policy, stackArgs([cluster, scheduledBackup("other")], PROD),
            { message: 'Cluster "db/pg" in a production stack has no WAL archiver (a plugin with isWALArchiver: true).', urn: urnOf(cluster) },
            { message: 'Cluster "db/pg" in a production stack has no ScheduledBackup for cluster "pg".', urn: urnOf(cluster) });
    });
});
