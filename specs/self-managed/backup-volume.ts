/**
 * The backup volume's layout (one ReadWriteMany claim: the WAL archive and the base backups, each
 * mounted by subPath) and the init container that prepares it.
 */
import { Resources } from "./pod-template";
import { containerSecurityContext } from "../security";

export const backupSubPaths = { archive: "wal", base: "base" } as const;

const resources: Resources = { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "100m", memory: "32Mi" } };

/**
 * Makes the subdirectories as the PostgreSQL user before any container mounts them. Left to the
 * kubelet, they are created by root on the volumes it applies no fsGroup to (NFS, hostPath): WAL
 * archiving and every base backup then fail with "Permission denied" (found on real nodes).
 * A directory already made by root gets a message saying what to change.
 */
export function backupDirsInitContainer(image: string) {
    const root = "/mnt/backup";
    const dirs = Object.values(backupSubPaths).map(d => `${root}/${d}`).join(" ");
    return {
        name: "backup-dirs",
        image,
        command: ["sh", "-c", `mkdir -p ${dirs} && for d in ${dirs}; do [ -w "$d" ] || { `
            + `echo "$d on the backup volume (owner $(stat -c %u:%g "$d")) is not writable by uid $(id -u): make it owned by $(id -u):$(id -g)" >&2; exit 1; }; done`],
        resources,
        securityContext: containerSecurityContext(),
        volumeMounts: [{ name: "backup", mountPath: root }],
    };
}
