/**
 * `Cluster.spec.postgresql.pg_hba`: the operator puts these user rules after its fixed ones
 * (peer on the socket, certificates for streaming_replica and the poolers) and before its
 * catch-all `host all all all scram-sha-256`, so the pod network is admitted with a password and
 * every other address is rejected before the catch-all is reached.
 */
export function cnpgPgHba(podCidrs: string[]): string[] {
    return [
        ...podCidrs.map(cidr => `host all all ${cidr} scram-sha-256`),
        "host all all 0.0.0.0/0 reject",
        "host all all ::/0 reject",
    ];
}
