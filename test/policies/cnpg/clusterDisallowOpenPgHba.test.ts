import { clusterDisallowOpenPgHba as policy } from "../../../policies/cnpg/clusterDisallowOpenPgHba";
import { assertHasResourceViolation, assertNoResourceViolations, resourceArgs } from "../../helpers/policy";
import { cnpgCluster } from "../fixtures";

describe("postgres-k8s-cnpg-cluster-disallow-open-pg-hba", () => {
    it("#1 passes scram-sha-256 for the pod network, and no pg_hba at all", async () => {
        await assertNoResourceViolations(policy, resourceArgs(cnpgCluster()));
        const bare = cnpgCluster();
        delete bare.props.spec.postgresql;
        await assertNoResourceViolations(policy, resourceArgs(bare));
    });

    it("#2 fails trust and an open address", async () => {
        const cluster = cnpgCluster();
        cluster.props.spec.postgresql.pg_hba = ["hostssl app app 10.0.0.0/8 trust", "host all all ::/0 scram-sha-256"];
        await assertHasResourceViolation(policy, resourceArgs(cluster),
            "spec.postgresql.pg_hba line 1 (`hostssl app app 10.0.0.0/8 trust`) uses trust, so no password is asked.",
            "spec.postgresql.pg_hba line 2 (`host all all ::/0 scram-sha-256`) admits every address.");
    });
});
