/** Instance states for the CLI's pure decisions: a healthy three-instance cluster, changed one thing at a time. */
import { InstanceStatus } from "../../cli/status";
import { InstanceState } from "../../cli/sql";
import { PodInfo } from "../../cli/types";

export function pod(name: string, over: Partial<PodInfo> = {}): PodInfo {
    return { name, node: `node-${name}`, ready: true, phase: "Running", roleLabel: "replica", nodeReady: true, restarts: 0, ...over };
}

const archiver = { archivedCount: 10, lastArchivedWal: "000000010000000000000009", lastArchivedTime: "2026-11-22T11:00:00Z", failedCount: 0, lastFailedWal: null, lastFailedTime: null };

export function primary(name = "pg-0", over: Partial<InstanceState> = {}): InstanceStatus {
    return {
        pod: pod(name, { roleLabel: "primary" }), role: "primary",
        state: {
            inRecovery: false, timeline: 1, walLsn: "0/9000100", replayLsn: null, replayLagSeconds: null, walReceiver: null,
            replicas: [
                { name: "pg-1", state: "streaming", syncState: "async", lagBytes: 0, lagSeconds: 0 },
                { name: "pg-2", state: "streaming", syncState: "async", lagBytes: 256, lagSeconds: 0.2 },
            ],
            archiver, archiveMode: "on", synchronousStandbyNames: "", ...over,
        },
    };
}

export function replica(name: string, walLsn: string, over: Partial<InstanceStatus> = {}): InstanceStatus {
    return {
        pod: pod(name), role: "replica",
        state: { inRecovery: true, timeline: 1, walLsn, replayLsn: walLsn, replayLagSeconds: 0, walReceiver: "streaming", replicas: [], archiver, archiveMode: "on", synchronousStandbyNames: "" },
        ...over,
    };
}

export function lost(name: string, podOver: Partial<PodInfo> = {}): InstanceStatus {
    return { pod: pod(name, { ready: false, nodeReady: false, roleLabel: "primary", ...podOver }), role: "unreachable", error: "container not running" };
}

export const healthy = (): InstanceStatus[] => [primary(), replica("pg-1", "0/9000100"), replica("pg-2", "0/9000000")];
