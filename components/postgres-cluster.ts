import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { namespaceSpec } from "../specs/namespace";
import { postgresPort } from "../specs/services";
import { superuser } from "../specs/security";
import { clusterArgsProblems, PostgresClusterArgs, resolveClusterArgs, Topology } from "./args";
import { buildCnpgTopology } from "./cnpg/cnpg-topology";
import { ClusterSecrets } from "./secrets";
import { buildStreamingTopology } from "./streaming/streaming-topology";
import { buildRepmgrTopology } from "./repmgr/repmgr-topology";
import { TopologyBuilder } from "./topology";

/** One builder per topology; `standalone` is the streaming topology with one instance. */
const topologyBuilders: Record<Topology, TopologyBuilder> = {
    streaming: buildStreamingTopology,
    standalone: buildStreamingTopology,
    repmgr: buildRepmgrTopology,
    cnpg: buildCnpgTopology,
};

/**
 * A PostgreSQL cluster in one namespace: the namespace, the role passwords and their Secrets,
 * and the chosen topology's objects. Every topology exposes the same outputs.
 */
export class PostgresCluster extends pulumi.ComponentResource {
    public readonly namespace: pulumi.Output<string>;
    public readonly readWriteHost: pulumi.Output<string>;
    public readonly readOnlyHost: pulumi.Output<string>;
    public readonly port: pulumi.Output<number>;
    public readonly appDatabase: pulumi.Output<string>;
    public readonly appUser: pulumi.Output<string>;
    public readonly appSecretName: pulumi.Output<string>;
    /** Secret output. */
    public readonly appPassword: pulumi.Output<string>;
    /** Secret output. */
    public readonly superuserPassword: pulumi.Output<string>;
    /** Host of the point-in-time recovery instance; empty when no restore is configured. */
    public readonly restoreHost: pulumi.Output<string>;

    constructor(name: string, args: PostgresClusterArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        // Checked before anything is registered, this component included.
        const a = resolveClusterArgs(name, args);
        const problems = clusterArgsProblems(a);
        if (problems.length > 0) throw new Error(`Invalid PostgresCluster ${name} args: ${problems.join("; ")}.`);
        super("postgres-k8s:index:PostgresCluster", name, {}, opts);
        const protect = a.protectData;

        // Retained on delete: deleting a namespace would delete the PVCs that the StatefulSet keeps.
        const namespace = a.createNamespace
            ? new k8s.core.v1.Namespace(`${name}-namespace`, namespaceSpec(a.namespace), { parent: this, retainOnDelete: true, protect })
            : undefined;
        const inNamespace = { parent: this, dependsOn: namespace ? [namespace] : [] };

        const secrets = new ClusterSecrets(`${name}-secrets`, {
            cluster: a.clusterName, namespace: a.namespace, protect,
            superuser, appUser: a.users.appUser,
            // The operator makes its own replication credentials (certificates).
            replicationUser: a.topology === "cnpg" ? undefined : a.users.replicationUser,
        }, inNamespace);
        const built = topologyBuilders[a.topology]({ parent: this, name, args: a, superuser, secrets, inNamespace });

        this.namespace = pulumi.output(a.namespace);
        this.restoreHost = built.restoreHost;
        this.readWriteHost = built.readWriteHost;
        this.readOnlyHost = built.readOnlyHost;
        this.port = pulumi.output(postgresPort);
        this.appDatabase = pulumi.output(a.users.appDatabase);
        this.appUser = pulumi.output(a.users.appUser);
        this.appSecretName = secrets.appSecretName;
        this.appPassword = secrets.appPassword;
        this.superuserPassword = secrets.superuserPassword;
        this.registerOutputs({
            namespace: this.namespace, readWriteHost: this.readWriteHost, readOnlyHost: this.readOnlyHost,
            port: this.port, appDatabase: this.appDatabase, appUser: this.appUser, appSecretName: this.appSecretName,
            appPassword: this.appPassword, superuserPassword: this.superuserPassword, restoreHost: this.restoreHost,
        });
    }
}
