/** Kubernetes quantities: requests, limits and volume sizes. */
import { parseQuantity } from "../../../policies/lib/quantity";
import { check, matching } from "./check";

/** Kubernetes quantity, e.g. `10Gi`, `500m`, `1.5`. */
const quantity = /^([+]?[0-9]+(\.[0-9]+)?|\.[0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

const cpu = matching(quantity, "a Kubernetes quantity such as '500m' or '2'");
const memory = matching(quantity, "a Kubernetes quantity such as '512Mi' or '2Gi'");
/** A volume of size 0 can never be bound or written. */
const volumeSize = (example: string) =>
    check<string>(q => quantity.test(q) && (parseQuantity(q) ?? 0) > 0, `a Kubernetes quantity above zero such as '${example}'`);

export const quantities = {
    cpuRequest: cpu, cpuLimit: cpu, memoryRequest: memory, memoryLimit: memory,
    backupCpuRequest: cpu, backupCpuLimit: cpu, backupMemoryRequest: memory, backupMemoryLimit: memory,
    storageSize: volumeSize("10Gi"),
    backupStorageSize: volumeSize("50Gi"),
    walStorageSize: check<string>(q => q === "" || quantity.test(q), "a Kubernetes quantity such as '5Gi', or '' to keep WAL on the data volume"),
};
