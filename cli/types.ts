/** What the CLI reads from Kubernetes and from PostgreSQL, independent of how it got there. */

/** A PostgreSQL pod as the API server reports it. */
export interface PodInfo {
    name: string;
    node: string;
    /** Pod Ready condition. */
    ready: boolean;
    /** Status phase (Running, Pending, ...). */
    phase: string;
    /** Value of the postgres-k8s.io/role label, "" when unset. */
    roleLabel: string;
    /** Node Ready condition; undefined when the pod is not scheduled or the node is gone. */
    nodeReady?: boolean;
    restarts: number;
}

export interface ExecResult { code: number; stdout: string; stderr: string }

/**
 * The transport: Kubernetes API reads and exec in a pod's postgres container. The real one is
 * cli/kube.ts; the real-PostgreSQL tests provide one backed by local servers.
 */
export interface ClusterAccess {
    namespace: string;
    /** Names of the clusters whose instances run in the namespace, sorted. */
    clusters(): Promise<string[]>;
    /** The cluster's pods of one component (the instances, or the restore instance), sorted by name. */
    pods(cluster: string, component?: "database" | "restore"): Promise<PodInfo[]>;
    /** Runs `command` in the pod's postgres container (no TTY); never rejects on a non-zero exit. */
    exec(pod: string, command: string[], stdin?: string): Promise<ExecResult>;
    /** Interactive exec with the terminal attached; resolves with the exit code. */
    execInteractive(pod: string, command: string[]): Promise<number>;
}

/** Cluster-level objects: CronJobs, Jobs and their pods. */
export interface JobAccess {
    namespace: string;
    /** Creates a Job from the CronJob's jobTemplate (like `kubectl create job --from=cronjob/...`); returns its name. */
    createJobFromCronJob(cronJob: string, jobName: string): Promise<string>;
    job(name: string): Promise<JobInfo | undefined>;
    /** Jobs with the given label selector, newest first. */
    jobs(labelSelector: string): Promise<JobInfo[]>;
    logs(pod: string, container: string): Promise<string>;
}

export interface JobInfo {
    name: string;
    created: string;
    /** "active", "succeeded" or "failed". */
    state: "active" | "succeeded" | "failed";
    /** Reason of a failed Job (e.g. BackoffLimitExceeded, DeadlineExceeded). */
    failureReason?: string;
    pods: JobPodInfo[];
}

export interface JobPodInfo {
    name: string;
    phase: string;
    /** Termination message of the first container, when it terminated. */
    terminationMessage?: string;
    exitCode?: number;
}
