/** Volumes and mounts of a PostgreSQL pod, kept together so mount paths come only from podPaths. */
import type * as k8s from "@pulumi/kubernetes";
import { podPaths, secretFiles } from "./paths";
import { dataVolumeName } from "../names";
import { backupSubPaths } from "./backup-volume";

export interface VolumeMount { name: string; mountPath: string; readOnly?: boolean; subPath?: string }

export interface SecretNames { superuser: string; replication: string; app: string }

export interface PodVolumeOptions {
    configMap: string;
    scriptsConfigMap: string;
    secrets: SecretNames;
    /** Claim holding the WAL archive and base backups; omitted when backups are off. */
    backupClaim?: string;
    /** More Secrets mounted as files in the same volume (Secret name, file name). */
    extraSecretFiles?: [secret: string, file: string][];
}

const scratch = { run: "run", tmp: "tmp", tools: "tools", shm: "shm" } as const;

/** The rendered config (postgresql.conf, pg_hba.conf, ...) and the pod scripts, from their ConfigMaps. */
export function configVolumes(configMap: string, scriptsConfigMap: string): k8s.types.input.core.v1.Volume[] {
    return [
        { name: "config", configMap: { name: configMap } },
        { name: "scripts", configMap: { name: scriptsConfigMap, defaultMode: 0o555 } },
    ];
}

/** One `secrets` volume: each Secret's `password` key as a file (pairs of Secret name and file name). */
export function secretsVolume(files: [secret: string, file: string][]): k8s.types.input.core.v1.Volume {
    return {
        name: "secrets",
        projected: { defaultMode: 0o440, sources: files.map(([name, file]) => ({ secret: { name, items: [{ key: "password", path: file }] } })) },
    };
}

export function podVolumes(o: PodVolumeOptions): k8s.types.input.core.v1.Volume[] {
    const volumes: k8s.types.input.core.v1.Volume[] = [
        ...configVolumes(o.configMap, o.scriptsConfigMap),
        secretsVolume([
            [o.secrets.superuser, secretFiles.superuser],
            [o.secrets.replication, secretFiles.replication],
            [o.secrets.app, secretFiles.app],
            ...(o.extraSecretFiles ?? []),
        ]),
        { name: scratch.run, emptyDir: { medium: "Memory", sizeLimit: "16Mi" } },
        { name: scratch.tmp, emptyDir: { sizeLimit: "1Gi" } },
        { name: scratch.tools, emptyDir: { sizeLimit: "256Mi" } },
        // PostgreSQL's dynamic shared memory (parallel queries) lives in /dev/shm, which the
        // runtime gives 64 MiB. A memory-backed emptyDir is sized by the pod's memory limit and
        // counts against it, so it cannot take more than the container may use anyway.
        { name: scratch.shm, emptyDir: { medium: "Memory" } },
    ];
    if (o.backupClaim) volumes.push({ name: "backup", persistentVolumeClaim: { claimName: o.backupClaim } });
    return volumes;
}

/** Mounts of the postgres container (and, minus the data volume, of the sidecar and backup job). */
export function postgresMounts(withBackup: boolean): VolumeMount[] {
    const mounts: VolumeMount[] = [
        { name: dataVolumeName, mountPath: podPaths.dataMount },
        { name: "config", mountPath: podPaths.configDir, readOnly: true },
        { name: "scripts", mountPath: podPaths.scriptsDir, readOnly: true },
        { name: "secrets", mountPath: podPaths.secretsDir, readOnly: true },
        { name: scratch.run, mountPath: podPaths.runDir },
        { name: scratch.tmp, mountPath: "/tmp" },
        { name: scratch.shm, mountPath: "/dev/shm" },
    ];
    if (withBackup) {
        // One RWX volume holds both: the archive in a subdirectory, base backups in another.
        // backupDirsInitContainer makes both before these mounts.
        mounts.push({ name: "backup", mountPath: podPaths.archiveDir, subPath: backupSubPaths.archive });
        mounts.push({ name: "backup", mountPath: podPaths.backupDir, subPath: backupSubPaths.base });
    }
    return mounts;
}

export function labellerMounts(): VolumeMount[] {
    return [
        { name: "scripts", mountPath: podPaths.scriptsDir, readOnly: true },
        { name: "secrets", mountPath: podPaths.secretsDir, readOnly: true },
        { name: scratch.run, mountPath: podPaths.runDir },
        { name: scratch.tmp, mountPath: "/tmp" },
        { name: scratch.tools, mountPath: podPaths.toolsDir, readOnly: true },
    ];
}

export function toolsMounts(): VolumeMount[] {
    return [{ name: scratch.tools, mountPath: podPaths.toolsDir }];
}
