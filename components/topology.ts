/**
 * The seam between PostgresCluster and a topology: PostgresCluster creates what every topology
 * shares (namespace, secrets), then the topology's builder creates the rest as children of the
 * PostgresCluster and returns the outputs every topology exposes.
 */
import * as pulumi from "@pulumi/pulumi";
import { ResolvedClusterArgs } from "./args";
import { ClusterSecrets } from "./secrets";

export interface TopologyContext {
    /** The PostgresCluster: parent of every child the builder creates. */
    parent: pulumi.ComponentResource;
    /** The PostgresCluster's name, the prefix of child resource names. */
    name: string;
    args: ResolvedClusterArgs;
    /** The superuser role: the image's OS user. */
    superuser: string;
    secrets: ClusterSecrets;
    /** Options for children that must wait for the namespace. */
    inNamespace: pulumi.ComponentResourceOptions;
}

export interface TopologyOutputs {
    /** DNS name of the Service that reaches the primary. */
    readWriteHost: pulumi.Output<string>;
    /** DNS name of the Service that reaches the replicas. */
    readOnlyHost: pulumi.Output<string>;
    /** Host of the point-in-time recovery instance; empty when no restore is configured. */
    restoreHost: pulumi.Output<string>;
}

export type TopologyBuilder = (ctx: TopologyContext) => TopologyOutputs;
