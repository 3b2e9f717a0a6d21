import { ResourceValidationPolicy } from "@pulumi/policy";
import { CNPG_GROUP, validateKind } from "../lib/kinds";
import { pgHbaProblems } from "../lib/pgHba";

/**
 * CloudNativePG appends `spec.postgresql.pg_hba` to its own rules, so one open line there
 * opens every instance of the cluster.
 *
 * @severity critical
 * @topics authentication, exposure
 * @link https://cloudnative-pg.io/documentation/current/postgresql_conf/#the-pg_hba-section
 */
export const clusterDisallowOpenPgHba: ResourceValidationPolicy = {
    name: "postgres-k8s-cnpg-cluster-disallow-open-pg-hba",
    description: "Disallows CloudNativePG pg_hba rules that use trust on the network or admit every address.",
    enforcementLevel: "mandatory",
    severity: "critical",
    validateResource: validateKind([CNPG_GROUP], "Cluster", "a CloudNativePG Cluster", (args, report) => {
        const rules: string[] = args.props.spec?.postgresql?.pg_hba ?? [];
        for (const problem of pgHbaProblems(rules.join("\n"))) {
            report(`spec.postgresql.pg_hba ${problem}.`);
        }
    }),
};
