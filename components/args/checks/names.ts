/** Names: of namespaces, the cluster, PostgreSQL roles, databases and parameters, StorageClasses, Secrets and backups. */
import { barmanBackupId } from "../../../specs/cnpg/cluster";
import { selfManagedBackupId } from "../../../specs/self-managed/backup";
import { check, everyMatching, matching } from "./check";

/** A DNS-1123 label, as Kubernetes names namespaces. */
const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** A PostgreSQL identifier the program need not quote. */
const roleName = /^[a-z_][a-z0-9_]{0,62}$/;
/** A postgresql.conf parameter name; each entry is then checked against PostgreSQL's catalogue (specs/postgresql-parameters/). */
const parameterName = /^[a-z_][a-z0-9_.]*$/;
/**
 * Role names PostgreSQL refuses (`public`, `none`, any `pg_` name: "role name ... is reserved"),
 * already has (`postgres`, the superuser), or reads as something else where a role is written
 * unquoted: the SQL keywords `current_user`, `session_user` and `current_role`, and `all` in
 * pg_hba.conf (a replication role named so would admit every role).
 */
const reservedRoles = ["postgres", "public", "none", "current_user", "session_user", "current_role", "all"];
const roleAllowed = "a PostgreSQL role name (lowercase, digits, '_') other than the superuser 'postgres', the reserved 'public', 'none' and 'pg_*', "
    + "and the keywords 'current_user', 'session_user', 'current_role' and 'all'";
const isRole = (s: string) => roleName.test(s) && !s.startsWith("pg_") && !reservedRoles.includes(s);
/** Databases every PostgreSQL cluster has from initdb on: creating one again fails the first init. */
const serverDatabases = ["postgres", "template0", "template1"];

/** A DNS-1123 subdomain (StorageClass, Secret), or '' for none. */
const objectNameOrEmpty = /^$|^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export const names = {
    // Which of the two a topology restores from is a rule across settings (validation.ts, topologyRules).
    restoreFrom: check<string>(s => s === "" || s === "latest" || selfManagedBackupId.test(s) || barmanBackupId.test(s),
        "'' (no restore), 'latest', or a backup id: '20261122T030000123Z' (the backup Job's), '20261122T030000' (Barman's, topology cnpg)"),
    namespace: matching(dnsLabel, "a DNS-1123 label (lowercase letters, digits, '-', at most 63 characters)"),
    clusterName: check<string>(s => dnsLabel.test(s) && s.length <= 40, "a DNS-1123 label of at most 40 characters"),
    allowedClientNamespaces: everyMatching(dnsLabel, "a list of namespace names"),
    operatorNamespace: matching(dnsLabel, "a DNS-1123 label"),
    metricsNamespace: check<string>(s => s === "" || dnsLabel.test(s), "a namespace name, or '' to keep the metrics ports closed"),
    // A role or database a topology creates itself, and the app role equal to the replication role, are rules across settings (validation.ts).
    replicationUser: check(isRole, roleAllowed),
    appUser: check(isRole, roleAllowed),
    appDatabase: check<string>(s => roleName.test(s) && !serverDatabases.includes(s),
        `a database name (lowercase, digits, '_') other than ${serverDatabases.join(", ")} (the server's own)`),
    postgresqlParameters: check<Record<string, unknown>>(p => Object.keys(p).every(k => parameterName.test(k)),
        "a map of postgresql.conf parameter names (lowercase, '_' and '.') to strings, numbers or booleans"),
    storageClassName: matching(objectNameOrEmpty, "a StorageClass name, or '' for the cluster default"),
    backupStorageClassName: matching(objectNameOrEmpty, "a StorageClass name offering ReadWriteMany, or '' for the cluster default"),
    backupEndpointCASecret: matching(objectNameOrEmpty, "the name of a Secret with the endpoint's CA under 'ca.crt', or ''"),
    backupCredentialsSecret: matching(objectNameOrEmpty,
        "the name of a Secret in the namespace with ACCESS_KEY_ID and ACCESS_SECRET_KEY, required with backupEnabled"),
};
