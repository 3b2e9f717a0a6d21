/** Where data lives or is reached: the pod network, client selectors, volume paths, the object store. */
import { check, everyMatching, matching } from "./check";

const cidr = /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)\/(3[0-2]|[12]?\d)$|^[0-9a-fA-F:]+\/(12[0-8]|1[01]\d|[1-9]?\d)$/;
const everyAddress = /^(0\.0\.0\.0|::)\/0$/;
const labelSelector = /^([A-Za-z0-9][-A-Za-z0-9_./]*=[-A-Za-z0-9_.]*)(,[A-Za-z0-9][-A-Za-z0-9_./]*=[-A-Za-z0-9_.]*)*$/;

export const locations = {
    podCidrs: check<string[]>(l => l.length > 0 && l.every(c => cidr.test(c) && !everyAddress.test(c)),
        "a non-empty list of CIDRs, none of them 0.0.0.0/0 or ::/0"),
    allowedClients: everyMatching(labelSelector, "a list of pod label selectors such as 'app=web,tier=api'"),
    hostPath: matching(/^$|^\/[^\0]*$/, "an absolute path, required when storageMode is 'hostPath'"),
    nfsPath: matching(/^$|^\/.*$/, "an absolute export path, required when storageMode is 'nfs'"),
    backupDestinationPath: matching(/^$|^s3:\/\/[a-z0-9][-a-z0-9.]{1,61}[a-z0-9](\/\S*)?$/, "an s3://bucket/prefix URL, required with backupEnabled"),
    backupEndpointURL: matching(/^$|^https?:\/\/\S+$/, "an http(s) URL, or '' for AWS S3"),
};
