/**
 * Probes for the postgres container. All use pg_isready on the unix socket: it needs no password
 * and answers "accepting connections" only once a replica has reached a consistent state.
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

export function postgresProbes(socketDir: string, port: number): Probes {
    const command = ["pg_isready", "--quiet", "--host", socketDir, "--port", String(port)];
    return {
        // initdb, a clone or crash recovery may take long: allow up to an hour before liveness applies.
        startupProbe: { exec: { command }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 360 },
        readinessProbe: { exec: { command }, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 3, successThreshold: 1 },
        // Lenient: a busy server must not be restarted for one slow answer.
        livenessProbe: { exec: { command }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 },
    };
}

/** The role labeller's liveness: its loop's heartbeat must be recent (labeller-alive.sh). */
export function labellerLivenessProbe(scriptsDir: string): ExecProbe {
    return {
        exec: { command: ["bash", `${scriptsDir}/labeller-alive.sh`] },
        initialDelaySeconds: 30, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 3,
    };
}
