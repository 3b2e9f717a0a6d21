import { disallowHostNetwork as policy } from "../../../policies/workload/disallowHostNetwork";
import { assertHasResourceViolation, assertNoResourceViolations, assertUnknownDuringPreview, resourceArgs, UNKNOWN } from "../../helpers/policy";
import { configGroupChildren } from "../../helpers/policyManifests";
import { podSpec, statefulSet } from "../fixtures";

describe("postgres-k8s-workload-disallow-host-network", () => {
    it("#1 passes the baseline StatefulSet", async () => {
        await assertNoResourceViolations(policy, resourceArgs(statefulSet()));
    });

    for (const field of ["hostNetwork", "hostPID", "hostIPC"]) {
        it(`#2 fails ${field}: true`, async () => {
            const sts = statefulSet();
            podSpec(sts)[field] = true;
            await assertHasResourceViolation(policy, resourceArgs(sts), `The pod sets ${field}: true.`);
        });
    }

    it("#3 fails a host port on any container, init containers included", async () => {
        const sts = statefulSet();
        podSpec(sts).containers[0].ports[0].hostPort = 5432;
        podSpec(sts).initContainers = [{ name: "init", image: "busybox:1.36", ports: [{ containerPort: 80, hostPort: 8080 }] }];
        await assertHasResourceViolation(policy, resourceArgs(sts),
            'container "postgres" publishes hostPort 5432.', 'initContainer "init" publishes hostPort 8080.');
    });

    it("#4 passes hostNetwork: false and hostPort 0 (both mean off)", async () => {
        const sts = statefulSet();
        podSpec(sts).hostNetwork = false;
        podSpec(sts).containers[0].ports[0].hostPort = 0;
        await assertNoResourceViolations(policy, resourceArgs(sts));
    });

    it("#5 reports a definite host port even when hostNetwork is unknown during preview", async () => {
        const sts = statefulSet();
        podSpec(sts).hostNetwork = UNKNOWN;
        podSpec(sts).containers[0].ports[0].hostPort = 5432;
        await assertUnknownDuringPreview(policy, resourceArgs(sts), "spec.template.spec.hostNetwork", 'container "postgres" publishes hostPort 5432.');
    });

    it("#6 checks a CronJob from a ConfigGroup (the backup job runs the postgres image)", async () => {
        const [job] = configGroupChildren(`
apiVersion: batch/v1
kind: CronJob
metadata: {name: backup}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          hostNetwork: true
          containers: [{name: dump, image: "postgres:16.4"}]
`);
        await assertHasResourceViolation(policy, resourceArgs(job), "The pod sets hostNetwork: true.");
    });
});
