import { Policies } from "@pulumi/policy";
import * as cnpg from "./cnpg";
import * as configmap from "./configmap";
import * as ingress from "./ingress";
import * as route from "./route";
import * as service from "./service";
import * as stack from "./stack";
import * as storage from "./storage";
import * as workload from "./workload";

/** Every policy of the pack, in the order `pulumi preview` lists them. Tests import this, not index.ts. */
export const allPolicies: Policies = [
    // Headline: anti-affinity.
    workload.enforcePodAntiAffinity,
    cnpg.clusterEnforcePodAntiAffinity,
    // Headline: no public exposure.
    service.disallowPublicExposure,
    route.disallowDatabaseBackends,
    workload.disallowHostNetwork,
    cnpg.clusterDisallowPublicServices,
    cnpg.poolerDisallowPublicService,
    configmap.disallowOpenPgHba,
    cnpg.clusterDisallowOpenPgHba,
    ingress.enforceHttpsAndExplicitHosts,
    // Hardening.
    workload.configureResources,
    cnpg.clusterConfigureResources,
    workload.configureProbes,
    workload.enforceRunAsNonRoot,
    workload.disallowPrivilegeEscalation,
    workload.disallowPrivileged,
    workload.enforcePinnedImages,
    cnpg.clusterEnforcePinnedImage,
    workload.disallowPlaintextSecrets,
    configmap.disallowPlaintextSecrets,
    workload.configureReplicas,
    storage.enforcePvcRetention,
    stack.configureStorageClass,
    stack.enforceRetainReclaimPolicy,
    stack.enforcePodDisruptionBudget,
    stack.configurePodDisruptionBudget,
    stack.enforceNetworkPolicy,
    stack.enforceBackups,
];
