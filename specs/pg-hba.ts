/** Renders pg_hba.conf: scram-sha-256 everywhere on the network, no `trust` on any host line. */

export interface PgHbaOptions {
    superuser: string;
    replicationUser: string;
    /** CIDRs of the cluster's own pods: replication and superuser access (pg_rewind, backups). */
    memberCidrs: string[];
    /** CIDRs clients connect from (the NetworkPolicy narrows this to the allowed selectors). */
    clientCidrs: string[];
}

export function renderPgHba(o: PgHbaOptions): string {
    const lines = [
        "# Rendered by postgres-k8s. Local socket: peer auth only for the OS user that runs PostgreSQL.",
        "# TYPE  DATABASE        USER            ADDRESS                 METHOD",
        `local   all             ${o.superuser}        peer`,
        "local   all             all             scram-sha-256",
        `local   replication     ${o.replicationUser}      scram-sha-256`,
    ];
    for (const cidr of o.memberCidrs) {
        lines.push(`host    replication     ${o.replicationUser}      ${cidr}    scram-sha-256`);
        lines.push(`host    all             ${o.superuser}        ${cidr}    scram-sha-256`);
    }
    for (const cidr of o.clientCidrs) {
        lines.push(`host    all             all             ${cidr}    scram-sha-256`);
    }
    return lines.join("\n") + "\n";
}
