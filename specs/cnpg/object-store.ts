/**
 * The Barman Cloud plugin's `ObjectStore` (barmancloud.cnpg.io/v1, plugin-barman-cloud 0.15.0):
 * where base backups and WAL go, the credentials as Secret references, and how long they are kept.
 */
import { barmanCloudApiVersion, CnpgResources } from "./api";

export interface ObjectStoreOptions {
    name: string;
    namespace: string;
    labels: Record<string, string>;
    /** `s3://bucket/prefix`; each Cluster writes under `<prefix>/<server name>/`. */
    destinationPath: string;
    /** S3-compatible endpoint; unset: AWS S3. */
    endpointURL?: string;
    /** Secret with the endpoint's CA certificate under `ca.crt`, for a private endpoint. */
    endpointCASecret?: string;
    /** Secret holding `ACCESS_KEY_ID` and `ACCESS_SECRET_KEY` (and `REGION` when `region` is true). */
    credentialsSecret: string;
    /** Take the region from the Secret's `REGION` key. */
    region: boolean;
    /** `<n>d`, `<n>w` or `<n>m`: backups older than this (and the WAL they need) are removed. */
    retentionPolicy: string;
    /** Requests and limits of the plugin's sidecar in each instance pod. */
    sidecarResources: CnpgResources;
}

export function objectStore(o: ObjectStoreOptions) {
    const key = (k: string) => ({ name: o.credentialsSecret, key: k });
    return {
        apiVersion: barmanCloudApiVersion,
        kind: "ObjectStore",
        metadata: { name: o.name, namespace: o.namespace, labels: o.labels },
        spec: {
            retentionPolicy: o.retentionPolicy,
            configuration: {
                destinationPath: o.destinationPath,
                ...(o.endpointURL ? { endpointURL: o.endpointURL } : {}),
                ...(o.endpointCASecret ? { endpointCA: { name: o.endpointCASecret, key: "ca.crt" } } : {}),
                s3Credentials: {
                    accessKeyId: key("ACCESS_KEY_ID"),
                    secretAccessKey: key("ACCESS_SECRET_KEY"),
                    ...(o.region ? { region: key("REGION") } : {}),
                },
                wal: { compression: "gzip" },
                data: { compression: "gzip" },
            },
            instanceSidecarConfiguration: { resources: o.sidecarResources },
        },
    };
}
