/** Non-root security contexts. uid/gid 999 is the `postgres` user of the official Debian image. */

export const postgresUid = 999;

/**
 * The superuser is not configurable: it must be the image's OS user (`postgres`) so the pod
 * scripts reach it over the unix socket with peer authentication, without a password.
 */
export const superuser = "postgres";

export function podSecurityContext() {
    return {
        runAsNonRoot: true,
        runAsUser: postgresUid,
        runAsGroup: postgresUid,
        fsGroup: postgresUid,
        fsGroupChangePolicy: "OnRootMismatch",
        seccompProfile: { type: "RuntimeDefault" },
    };
}

export function containerSecurityContext() {
    return {
        runAsNonRoot: true,
        runAsUser: postgresUid,
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
    };
}
