/**
 * Probes for the postgres container. All use pg_isready on the unix socket: it needs no password
 * and answers "accepting connections" only once a replica has reached a consistent state. The
 * streaming topology's readiness asks more of a replica (streamingReadinessProbe).
 */

export interface ExecProbe {
    exec: { command: string[] };
    periodSeconds: number;
    timeoutSeconds: number;
    failureThreshold: number;
    successThreshold?: number;
    initialDelaySeconds?: number;
}

export interface Probes {
    startupProbe: ExecProbe;
    readinessProbe: ExecProbe;
    livenessProbe: ExecProbe;
}

/** Readiness timing: out of the Services after 15 s of failures, back after one success. */
const readiness = { periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 3, successThreshold: 1 };

export function postgresProbes(socketDir: string, port: number): Probes {
    const command = ["pg_isready", "--quiet", "--host", socketDir, "--port", String(port)];
    return {
        // initdb, a clone or crash recovery may take long: allow up to an hour before liveness applies.
        startupProbe: { exec: { command }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 360 },
        readinessProbe: { exec: { command }, ...readiness },
        // Lenient: a busy server must not be restarted for one slow answer.
        livenessProbe: { exec: { command }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 },
    };
}

/**
 * Readiness of a streaming member (ready.sh): a primary when it answers, a replica only while it
 * streams with replay at most `maxLagBytes` behind the primary, so pg-ro never serves a stale one.
 */
export function streamingReadinessProbe(scriptsDir: string, maxLagBytes: number): ExecProbe {
    return { exec: { command: ["bash", `${scriptsDir}/ready.sh`, String(maxLagBytes)] }, ...readiness };
}

/** The role labeller's liveness: its loop's heartbeat must be recent (labeller-alive.sh). */
export function labellerLivenessProbe(scriptsDir: string): ExecProbe {
    return {
        exec: { command: ["bash", `${scriptsDir}/labeller-alive.sh`] },
        initialDelaySeconds: 30, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 3,
    };
}
