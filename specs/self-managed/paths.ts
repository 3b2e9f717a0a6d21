/**
 * Where things live inside a PostgreSQL pod. The StatefulSet mounts volumes at these paths,
 * pod scripts (components/scripts, components/streaming/scripts) read them through environment variables, and the
 * real-PostgreSQL tests map each mount path to a temporary directory.
 */
export const podPaths = {
    /** Mount point of the data volume; PGDATA is a subdirectory so `lost+found` never sits in it. */
    dataMount: "/var/lib/postgresql/data",
    pgdata: "/var/lib/postgresql/data/pgdata",
    /** postgresql.conf and pg_hba.conf from the configuration ConfigMap. */
    configDir: "/etc/postgres-k8s/config",
    /** The .sh files of components/scripts and components/streaming/scripts, from the scripts ConfigMap. */
    scriptsDir: "/opt/postgres-k8s/scripts",
    /** Password files projected from the Kubernetes Secrets (never environment values). */
    secretsDir: "/etc/postgres-k8s/secrets",
    /** Writable emptyDir: unix socket, generated passfile, role file. */
    runDir: "/run/postgres-k8s",
    /** Static kubectl copied in by an init container for the role labeller. */
    toolsDir: "/opt/postgres-k8s/tools",
    /** WAL archive volume (backup component). */
    archiveDir: "/var/lib/postgresql/archive",
    /** Base-backup volume (backup component). */
    backupDir: "/var/lib/postgresql/backups",
} as const;

/** File names inside `secretsDir`: one per password, keyed like the Secret data keys. */
export const secretFiles = {
    superuser: "superuser-password",
    replication: "replication-password",
    app: "app-password",
} as const;
