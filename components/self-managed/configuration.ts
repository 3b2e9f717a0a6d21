import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { commonLabels } from "../../specs/labels";
import { objectName } from "../../specs/names";
import { podPaths } from "../../specs/self-managed/paths";
import { renderPgHba } from "../../specs/pg-hba";
import { ParameterValue, renderPostgresqlConf } from "../../specs/postgresql-conf";
import { streamingScripts } from "../streaming/scripts";

export interface PostgresConfigurationArgs {
    cluster: string;
    namespace: pulumi.Input<string>;
    port: number;
    /** User postgresql.conf parameters (validated: none the program owns). Defaults to none. */
    parameters?: Record<string, ParameterValue>;
    /** Pod network: the only addresses pg_hba.conf admits, for replication and for clients. */
    podCidrs: string[];
    superuser: string;
    replicationUser: string;
    /** WAL archiving settings; omit when backups are off. */
    archive?: { timeoutSeconds: number };
    /** Pod scripts for the scripts ConfigMap, file name to text. Defaults to the streaming topology's. */
    scripts?: Record<string, string>;
    /** Files of the configuration ConfigMap, file name to text (the repmgr topology adds repmgr.conf). Defaults to postgresql.conf and pg_hba.conf rendered from the args above. */
    files?: Record<string, string>;
}

/**
 * postgresql.conf and pg_hba.conf in one ConfigMap, the pod scripts in another. Neither holds a
 * password: scripts read passwords from mounted Secret files.
 */
export class PostgresConfiguration extends pulumi.ComponentResource {
    public readonly configMapName: pulumi.Output<string>;
    public readonly scriptsConfigMapName: pulumi.Output<string>;
    /** Rendered files and scripts; the StatefulSet hashes them so a change rolls the pods. */
    public readonly checksumSource: string;

    constructor(name: string, args: PostgresConfigurationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("postgres-k8s:configuration:PostgresConfiguration", name, {}, opts);
        const files = args.files ?? {
            "postgresql.conf": renderPostgresqlConf({
                port: args.port, listenAddresses: "*", socketDir: podPaths.runDir, scriptsDir: podPaths.scriptsDir,
                parameters: args.parameters ?? {}, archive: args.archive,
            }),
            "pg_hba.conf": renderPgHba({
                superuser: args.superuser, replicationUser: args.replicationUser,
                memberCidrs: args.podCidrs, clientCidrs: args.podCidrs,
            }),
        };
        const scripts = args.scripts ?? streamingScripts();
        const labels = commonLabels(args.cluster, "database");
        const config = new k8s.core.v1.ConfigMap(`${name}-config`, {
            metadata: { name: objectName(args.cluster, "config"), namespace: args.namespace, labels },
            data: files,
        }, { parent: this });
        const scriptsMap = new k8s.core.v1.ConfigMap(`${name}-scripts`, {
            metadata: { name: objectName(args.cluster, "scripts"), namespace: args.namespace, labels },
            data: scripts,
        }, { parent: this });

        this.configMapName = config.metadata.name;
        this.scriptsConfigMapName = scriptsMap.metadata.name;
        this.checksumSource = JSON.stringify({ files, scripts });
        this.registerOutputs({ configMapName: this.configMapName, scriptsConfigMapName: this.scriptsConfigMapName });
    }
}
