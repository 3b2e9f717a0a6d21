/**
 * `status`: gathers every instance's state (API + SQL through exec), the newest base backup, the
 * last restore drill and the restore instance, and decides whether the cluster is healthy. The
 * gathering is thin; `assessCluster` and `renderStatus` are pure.
 */
import { ClusterAccess, JobAccess, PodInfo } from "./types";
import { BackupInfo, InstanceState, newestBackupCommand, parseInstanceState, parseNewestBackup, psqlCommand, instanceStateSql } from "./sql";
import { DrillResult, lastDrill } from "./restore-drill";

export interface InstanceStatus {
    pod: PodInfo;
    /** From PostgreSQL: primary or replica; "unreachable" when the query failed. */
    role: "primary" | "replica" | "unreachable";
    state?: InstanceState;
    error?: string;
}

export interface ClusterStatus {
    cluster: string;
    namespace: string;
    instances: InstanceStatus[];
    backup?: BackupInfo & { ageSeconds?: number };
    drill?: DrillResult;
    restoreInstance?: { pod: PodInfo; role: InstanceStatus["role"] };
}

export interface Assessment {
    healthy: boolean;
    problems: string[];
    warnings: string[];
}

export interface Thresholds {
    /** A base backup older than this is a problem (backups on). */
    backupMaxAgeSeconds: number;
    /** Replica lag above this is a warning. */
    lagWarnBytes: number;
}

export const defaultThresholds: Thresholds = { backupMaxAgeSeconds: 48 * 3600, lagWarnBytes: 64 * 1024 * 1024 };

export async function instanceStatus(access: ClusterAccess, pod: PodInfo): Promise<InstanceStatus> {
    if (pod.phase !== "Running") return { pod, role: "unreachable", error: `pod is ${pod.phase}` };
    const r = await access.exec(pod.name, psqlCommand(instanceStateSql));
    if (r.code !== 0) return { pod, role: "unreachable", error: (r.stderr || r.stdout).trim().split("\n").pop() };
    try {
        const state = parseInstanceState(r.stdout);
        return { pod, role: state.inRecovery ? "replica" : "primary", state };
    } catch (e) {
        return { pod, role: "unreachable", error: (e as Error).message };
    }
}

export async function gatherStatus(access: ClusterAccess, jobs: JobAccess | undefined, cluster: string, now: Date): Promise<ClusterStatus> {
    const pods = await access.pods(cluster);
    const instances = await Promise.all(pods.map(p => instanceStatus(access, p)));
    const status: ClusterStatus = { cluster, namespace: access.namespace, instances };
    const archiving = instances.find(i => i.role === "primary")?.state?.archiveMode === "on";
    const reader = instances.find(i => i.role !== "unreachable");
    if (archiving && reader) {
        const r = await access.exec(reader.pod.name, newestBackupCommand());
        if (r.code === 0) {
            const b = parseNewestBackup(r.stdout);
            status.backup = { ...b, ageSeconds: b.endTime ? Math.round((now.getTime() - Date.parse(b.endTime)) / 1000) : undefined };
        }
    }
    if (jobs) status.drill = await lastDrill(jobs, cluster);
    const restorePods = await access.pods(cluster, "restore");
    if (restorePods.length) {
        const r = await instanceStatus(access, restorePods[0]);
        status.restoreInstance = { pod: restorePods[0], role: r.role };
    }
    return status;
}

/** Pure: what is wrong (exit non-zero) and what deserves a look. */
export function assessCluster(s: ClusterStatus, t: Thresholds = defaultThresholds): Assessment {
    const problems: string[] = [];
    const warnings: string[] = [];
    const primaries = s.instances.filter(i => i.role === "primary");
    if (s.instances.length === 0) problems.push(`no pods of cluster ${s.cluster} in namespace ${s.namespace}`);
    if (primaries.length === 0 && s.instances.length) problems.push("no instance answers as primary");
    if (primaries.length > 1) problems.push(`more than one primary answers: ${primaries.map(p => p.pod.name).join(", ")} (split brain: see docs/failover.md)`);
    for (const i of s.instances) {
        if (!i.pod.ready) problems.push(`${i.pod.name} is not Ready`);
        if (i.pod.nodeReady === false) problems.push(`${i.pod.name}'s node ${i.pod.node} is not Ready`);
        if (i.role === "unreachable") problems.push(`${i.pod.name}: PostgreSQL does not answer (${i.error ?? "no answer"})`);
        if (i.role === "replica" && i.state?.walReceiver !== "streaming") problems.push(`${i.pod.name} is a replica that is not streaming (${i.state?.walReceiver ?? "no WAL receiver"})`);
        if (i.role !== "unreachable" && i.pod.roleLabel !== i.role) warnings.push(`${i.pod.name} is labelled '${i.pod.roleLabel || "none"}' but is a ${i.role} (the labeller relabels it within seconds)`);
    }
    const primary = primaries.length === 1 ? primaries[0] : undefined;
    if (primary?.state) {
        const st = primary.state;
        const links = new Map(st.replicas.map(r => [r.name, r]));
        for (const i of s.instances.filter(x => x.role === "replica")) {
            const link = links.get(i.pod.name);
            if (!link) problems.push(`${i.pod.name} does not stream from the primary ${primary.pod.name}`);
            else if (link.lagBytes > t.lagWarnBytes) warnings.push(`${i.pod.name} lags ${link.lagBytes} bytes behind the primary`);
        }
        if (st.synchronousStandbyNames && !st.replicas.some(r => r.syncState === "sync" || r.syncState === "quorum")) {
            problems.push(`synchronous_standby_names is '${st.synchronousStandbyNames}' but no replica is synchronous: commits wait`);
        }
        const a = st.archiver;
        if (st.archiveMode === "on" && a.lastFailedTime && (!a.lastArchivedTime || Date.parse(a.lastFailedTime) > Date.parse(a.lastArchivedTime))) {
            problems.push(`WAL archiving is failing: ${a.lastFailedWal} failed at ${a.lastFailedTime} (${a.failedCount} failures); see the primary's log`);
        }
        if (st.archiveMode === "on") {
            if (!s.backup || s.backup.count === 0) problems.push("backups are on but there is no complete base backup");
            else if ((s.backup.ageSeconds ?? 0) > t.backupMaxAgeSeconds) problems.push(`the newest base backup ${s.backup.id} is ${formatAge(s.backup.ageSeconds!)} old`);
        }
    }
    if (s.drill?.result === "fail") problems.push(`the last restore drill failed (${s.drill.time}): ${s.drill.reasons.join("; ")}`);
    return { healthy: problems.length === 0, problems, warnings };
}

export function formatAge(seconds: number): string {
    if (seconds < 120) return `${seconds}s`;
    if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
    if (seconds < 172800) return `${Math.floor(seconds / 3600)}h${String(Math.round((seconds % 3600) / 60)).padStart(2, "0")}m`;
    return `${Math.round(seconds / 86400)}d`;
}

function table(header: string[], rows: string[][]): string {
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map(r => r[c].length)));
    const line = (cells: string[]) => cells.map((x, c) => x.padEnd(widths[c])).join("  ").trimEnd();
    return [line(header), ...rows.map(line)].join("\n");
}

/** Pure: the human-readable status of one cluster. */
export function renderStatus(s: ClusterStatus, a: Assessment): string {
    const primary = s.instances.find(i => i.role === "primary");
    const links = new Map((primary?.state?.replicas ?? []).map(r => [r.name, r]));
    const rows = s.instances.map(i => {
        const link = links.get(i.pod.name);
        const st = i.state;
        const replState = i.role === "primary" ? "-" : i.role === "replica" ? (link?.state ?? st?.walReceiver ?? "detached") : "-";
        return [
            i.pod.name, i.pod.node || "-", i.pod.ready ? "yes" : "no", i.role, st ? String(st.timeline) : "-", replState,
            link ? String(link.lagBytes) : "-", link ? link.lagSeconds.toFixed(1) : st?.replayLagSeconds != null ? st.replayLagSeconds.toFixed(1) : "-",
            link?.syncState ?? "-", String(i.pod.restarts),
        ];
    });
    const out = [`cluster ${s.cluster} (namespace ${s.namespace}): ${a.healthy ? "healthy" : "UNHEALTHY"}`,
        table(["POD", "NODE", "READY", "ROLE", "TL", "REPLICATION", "LAG BYTES", "LAG S", "SYNC", "RESTARTS"], rows)];
    const ar = primary?.state?.archiver;
    if (primary?.state?.archiveMode === "on" && ar) {
        out.push(`WAL archive: last ${ar.lastArchivedWal ?? "none"} at ${ar.lastArchivedTime ?? "-"}; ${ar.archivedCount} archived, ${ar.failedCount} failed` +
            (ar.lastFailedWal ? ` (last failure ${ar.lastFailedWal} at ${ar.lastFailedTime})` : ""));
        out.push(s.backup?.id
            ? `base backup: ${s.backup.id} from ${s.backup.source}, ${formatAge(s.backup.ageSeconds ?? 0)} old (${s.backup.count} kept)`
            : "base backup: none");
    } else if (primary) {
        out.push("WAL archive: off (backupEnabled is false)");
    }
    if (s.drill) {
        out.push(`restore drill: ${s.drill.result} at ${s.drill.time}, backup ${s.drill.backup || "-"}, ${s.drill.durationSeconds}s` +
            (s.drill.reasons.length ? ` — ${s.drill.reasons.join("; ")}` : ""));
    }
    if (s.restoreInstance) {
        const r = s.restoreInstance;
        out.push(`restore instance: ${r.pod.name} (${r.pod.ready ? "ready" : "not ready"}, ${r.role === "primary" ? "recovered, promoted" : r.role === "replica" ? "recovering" : "not answering"})`);
    }
    for (const p of a.problems) out.push(`PROBLEM: ${p}`);
    for (const w of a.warnings) out.push(`warning: ${w}`);
    return out.join("\n");
}
