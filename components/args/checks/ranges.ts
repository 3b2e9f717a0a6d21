/** The integer settings' ranges (counts, seconds, sizes in MB), keyed like the stack config keys. */
import { check, Check } from "./check";

const integerFrom = (min: number, max: number, allowed = `an integer from ${min} to ${max}`): Check<number> =>
    check(n => Number.isInteger(n) && min <= n && n <= max, allowed);

export const ranges = {
    instances: integerFrom(1, 15),
    terminationGracePeriodSeconds: integerFrom(30, 3600),
    pdbMaxUnavailable: integerFrom(1, Number.MAX_SAFE_INTEGER, "an integer >= 1"),
    replicaMaxLagMB: integerFrom(1, 102400, "an integer from 1 to 102400 (MB of WAL)"),
    archiveTimeoutSeconds: integerFrom(30, 3600),
    backupRetain: integerFrom(1, 365),
    backupDeadlineSeconds: integerFrom(600, 604800),
    autoFailoverIntervalSeconds: integerFrom(2, 300),
    autoFailoverChecks: integerFrom(1, 100),
    repmgrMonitorIntervalSeconds: integerFrom(1, 60),
    repmgrReconnectAttempts: integerFrom(1, 30),
    repmgrReconnectIntervalSeconds: integerFrom(1, 60),
    repmgrConnectTimeoutSeconds: integerFrom(2, 30),
    pgpoolReplicas: integerFrom(1, 10),
    pgpoolNumInitChildren: integerFrom(1, 2000),
    pgpoolMaxPool: integerFrom(1, 32),
    pgpoolHealthCheckPeriodSeconds: integerFrom(1, 60),
    pgpoolHealthCheckMaxRetries: integerFrom(0, 10),
    // At most instances - 1 is a rule over two settings (topologyRules.cnpg).
    synchronousReplicas: integerFrom(0, 14, "an integer from 0 (asynchronous) to instances - 1"),
    poolerInstances: integerFrom(1, 10),
};
