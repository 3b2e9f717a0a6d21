import { configureProbes as policy } from "../../../policies/workload/configureProbes";
import { assertHasResourceViolation, assertNoResourceViolations, assertNotApplicable, resourceArgs } from "../../helpers/policy";
import { backupCronJob, podSpec, statefulSet } from "../fixtures";

describe("postgres-k8s-workload-configure-probes", () => {
    it("#1 passes the baseline (exec readiness, tcpSocket liveness)", async () => {
        await assertNoResourceViolations(policy, resourceArgs(statefulSet()));
    });

    it("#2 fails missing probes", async () => {
        const sts = statefulSet();
        delete podSpec(sts).containers[0].readinessProbe;
        delete podSpec(sts).containers[0].livenessProbe;
        await assertHasResourceViolation(policy, resourceArgs(sts),
            'container "postgres" has no readinessProbe, livenessProbe (with one of exec, httpGet, tcpSocket, grpc).');
    });

    it("#3 a probe with no handler does not count; a startup probe does not replace liveness", async () => {
        const sts = statefulSet();
        podSpec(sts).containers[0].livenessProbe = { periodSeconds: 10 };
        podSpec(sts).containers[0].startupProbe = { exec: { command: ["pg_isready"] } };
        await assertHasResourceViolation(policy, resourceArgs(sts),
            'container "postgres" has no livenessProbe (with one of exec, httpGet, tcpSocket, grpc).');
    });

    it("#4 ignores init containers and honours configured probe types", async () => {
        const sts = statefulSet();
        podSpec(sts).initContainers = [{ name: "init", image: "busybox:1.36" }];
        await assertNoResourceViolations(policy, resourceArgs(sts));
        await assertHasResourceViolation(policy, resourceArgs(sts, { probeTypes: ["httpGet"] }),
            'container "postgres" has no readinessProbe, livenessProbe (with one of httpGet).');
    });

    it("#5 does not apply to Jobs and CronJobs (the backup job has no probes)", async () => {
        await assertNotApplicable(policy, resourceArgs(backupCronJob()), "Jobs run to completion and serve no traffic");
    });

    it("#6 holds only the container serving port 5432 to it; without one, every main container", async () => {
        const sts = statefulSet();
        podSpec(sts).containers.push({ name: "role-labeller", image: "docker.io/library/postgres:15.19-bookworm" });
        await assertNoResourceViolations(policy, resourceArgs(sts));
        await assertHasResourceViolation(policy, resourceArgs(sts, { servingContainersOnly: false }),
            'container "role-labeller" has no readinessProbe, livenessProbe (with one of exec, httpGet, tcpSocket, grpc).');
        delete podSpec(sts).containers[0].ports;
        await assertHasResourceViolation(policy, resourceArgs(sts),
            'container "role-labeller" has no readinessProbe, livenessProbe (with one of exec, httpGet, tcpSocket, grpc).');
    });
});
