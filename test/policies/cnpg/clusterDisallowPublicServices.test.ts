import { clusterDisallowPublicServices as policy } from "../../../policies/cnpg/clusterDisallowPublicServices";
import { assertHasResourceViolation, assertNoResourceViolations, resourceArgs } from "../../helpers/policy";
import { cnpgCluster } from "../fixtures";

describe("postgres-k8s-cnpg-cluster-disallow-public-services", () => {
    it("#1 passes a ClusterIP managed service and a Cluster without managed services", async () => {
        await assertNoResourceViolations(policy, resourceArgs(cnpgCluster()));
        const bare = cnpgCluster();
        delete bare.props.spec.managed;
        await assertNoResourceViolations(policy, resourceArgs(bare));
    });

    it("#2 fails LoadBalancer and external IPs on managed services", async () => {
        const cluster = cnpgCluster();
        cluster.props.spec.managed.services.additional = [
            { selectorType: "rw", serviceTemplate: { metadata: { name: "pg-lb" }, spec: { type: "LoadBalancer" } } },
            { selectorType: "ro", serviceTemplate: { spec: { externalIPs: ["198.51.100.4"] } } },
        ];
        await assertHasResourceViolation(policy, resourceArgs(cluster),
            'Managed service "pg-lb" exposes PostgreSQL outside the cluster network (type LoadBalancer).',
            'Managed service "#1" exposes PostgreSQL outside the cluster network (externalIPs 198.51.100.4).');
    });
});
