/**
 * The rules PostgresClusterArgs must meet, as pure functions over the resolved args returning
 * messages that name the fields.
 */
import { cnpgArgsProblems } from "../cnpg/settings";
import { clusterDefaults } from "./defaults";
import { ResolvedClusterArgs, topologies } from "./types";

/** Problems with fields that only make sense together, as messages naming the fields. */
export function clusterArgsProblems(a: ResolvedClusterArgs): string[] {
    const out: string[] = [];
    if (!(topologies as readonly string[]).includes(a.topology)) {
        out.push(`topology '${a.topology}' is not one of ${topologies.map(t => `'${t}'`).join(", ")}`);
    }
    if (a.topology === "standalone" && a.instances !== 1) {
        out.push(`instances must be 1 when topology is 'standalone' (got ${a.instances})`);
    }
    if (!Number.isInteger(a.replicaMaxLagMB) || a.replicaMaxLagMB < 1 || a.replicaMaxLagMB > 102400) {
        out.push(`replicaMaxLagMB must be an integer from 1 to 102400 (got ${a.replicaMaxLagMB})`);
    }
    if (a.storage.mode === "hostPath" && !a.storage.hostPath) out.push("storage.hostPath is required when storage.mode is 'hostPath'");
    if (a.storage.mode === "nfs" && !a.storage.nfs) out.push("storage.nfs is required when storage.mode is 'nfs'");
    if (a.restore && !a.backup) out.push("restore needs backup: the recovery instance reads the backup volume");
    if (a.topology === "repmgr" && a.instances < 2) {
        out.push(`instances must be at least 2 when topology is 'repmgr' (got ${a.instances}): repmgr fails over to a standby`);
    }
    if (a.topology === "repmgr" && a.image === clusterDefaults.image) {
        out.push(`image must be an image with repmgr and pgpool (built from images/repmgr/Dockerfile) when topology is 'repmgr' (got '${a.image}', which has neither)`);
    }
    if (a.autoFailover && (a.topology !== "streaming" || a.instances < 2)) {
        out.push(`autoFailover needs topology 'streaming' with at least 2 instances (got '${a.topology}' with ${a.instances})`);
    }
    if (a.topology === "cnpg") out.push(...cnpgArgsProblems(a));
    return out;
}

