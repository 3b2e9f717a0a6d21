/**
 * What every self-managed topology's PostgreSQL StatefulSet shares: the headless Service, stable
 * selector, retained claims, the config checksum that rolls the pods, the pod's security context,
 * anti-affinity and one data claim template. Each topology adds its own containers.
 */
import { podAntiAffinity, AntiAffinityMode } from "../affinity";
import { commonLabels, imageVersion, selectorLabels } from "../labels";
import { objectName } from "../names";
import { ClaimTemplate, dataClaimTemplate } from "../persistent-volume-claim";
import { checksum } from "./pod-template";
import { podSecurityContext } from "../security";

export interface StatefulSetFrame {
    cluster: string;
    instances: number;
    /** PostgreSQL image: its tag is the pods' version label. */
    image: string;
    podManagementPolicy: "OrderedReady" | "Parallel";
    antiAffinity: AntiAffinityMode;
    topologyKey: string;
    terminationGracePeriodSeconds: number;
    /** Rendered config and scripts: their hash rolls the pods when they change. */
    configChecksumSource: string;
    dataClaim: ClaimTemplate;
}

/** The pod's own part: identity (ServiceAccount and token), containers and volumes. */
export interface PodParts<Container, Volume, Init> {
    serviceAccountName?: string;
    automountServiceAccountToken: boolean;
    /** One process namespace for the pod's containers (a sidecar that must signal the server). */
    shareProcessNamespace?: boolean;
    initContainers?: Init[];
    containers: Container[];
    volumes: Volume[];
}

export function postgresStatefulSetSpec<Container, Volume, Init = Container>(f: StatefulSetFrame, pod: PodParts<Container, Volume, Init>) {
    const selector = selectorLabels(f.cluster);
    return {
        serviceName: objectName(f.cluster, "headless"),
        replicas: f.instances,
        podManagementPolicy: f.podManagementPolicy,
        updateStrategy: { type: "RollingUpdate" },
        // Deleting the StatefulSet or scaling down never deletes a data volume.
        persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
        selector: { matchLabels: selector },
        template: {
            metadata: {
                labels: commonLabels(f.cluster, "database", imageVersion(f.image)),
                annotations: { "postgres-k8s.io/config-checksum": checksum(f.configChecksumSource) },
            },
            spec: {
                ...(pod.serviceAccountName === undefined ? {} : { serviceAccountName: pod.serviceAccountName }),
                automountServiceAccountToken: pod.automountServiceAccountToken,
                ...(pod.shareProcessNamespace === undefined ? {} : { shareProcessNamespace: pod.shareProcessNamespace }),
                terminationGracePeriodSeconds: f.terminationGracePeriodSeconds,
                securityContext: podSecurityContext(),
                affinity: podAntiAffinity(f.antiAffinity, selector, f.topologyKey),
                enableServiceLinks: false,
                ...(pod.initContainers === undefined ? {} : { initContainers: pod.initContainers }),
                containers: pod.containers,
                volumes: pod.volumes,
            },
        },
        volumeClaimTemplates: [dataClaimTemplate(selector, f.dataClaim)],
    };
}
