/** Secrets: one `kubernetes.io/basic-auth` Secret per role, holding its name and generated password. */
import type * as pulumi from "@pulumi/pulumi";
import { commonLabels } from "./labels";
import { objectName } from "./names";

export type SecretRole = "superuser" | "replication" | "app" | "pgpoolCheck" | "pcp";

export function basicAuthSecret(cluster: string, namespace: pulumi.Input<string>, role: SecretRole,
    username: string, password: pulumi.Input<string>) {
    return {
        metadata: { name: objectName(cluster, role), namespace, labels: commonLabels(cluster, "database") },
        type: "kubernetes.io/basic-auth",
        stringData: { username, password },
    };
}
