import * as pulumi from "@pulumi/pulumi";
import { PostgresCluster } from "./components";
import { clusterArgs, stackConfig } from "./config";

const config = stackConfig();
const cluster = new PostgresCluster(config.clusterName, clusterArgs(config));

export const namespace = cluster.namespace;
export const readWriteHost = cluster.readWriteHost;
export const readOnlyHost = cluster.readOnlyHost;
export const port = cluster.port;
export const appDatabase = cluster.appDatabase;
export const appUser = cluster.appUser;
export const appSecretName = cluster.appSecretName;
/** Secret outputs: `pulumi stack output --show-secrets appPassword`. */
export const appPassword = pulumi.secret(cluster.appPassword);
export const superuserPassword = pulumi.secret(cluster.superuserPassword);
export const restoreHost = cluster.restoreHost;
