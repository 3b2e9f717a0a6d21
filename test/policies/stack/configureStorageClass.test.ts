import { configureStorageClass as policy } from "../../../policies/stack/configureStorageClass";
import { assertHasStackViolation, assertNoStackViolations, stackArgs, urnOf } from "../../helpers/policy";
import { cnpgCluster, statefulSet, storageClass } from "../fixtures";

function pvc(storageClassName?: string, labels: Record<string, string> = { "postgres-k8s.io/cluster": "main" }) {
    return { type: "kubernetes:core/v1:PersistentVolumeClaim", name: "restore",
        props: { metadata: { name: "restore", namespace: "db", labels }, spec: { storageClassName, accessModes: ["ReadWriteOnce"] } } };
}

describe("postgres-k8s-stack-configure-storage-class", () => {
    it("#1 passes claims that name their class", async () => {
        await assertNoStackViolations(policy, stackArgs([statefulSet(), cnpgCluster(), pvc("fast-retain")]));
    });

    it("#2 fails a volumeClaimTemplate, a CloudNativePG storage section and a PVC without one", async () => {
        const sts = statefulSet();
        delete sts.props.spec.volumeClaimTemplates[0].spec.storageClassName;
        const cluster = cnpgCluster();
        delete cluster.props.spec.storage.storageClass;
        const claim = pvc();
        await assertHasStackViolation(policy, stackArgs([sts, cluster, claim]),
            { message: 'volumeClaimTemplate "data" of StatefulSet "db/main" names no StorageClass, so it gets the cluster default.', urn: urnOf(sts) },
            { message: 'spec.storage of Cluster "db/pg" names no StorageClass, so it gets the cluster default.', urn: urnOf(cluster) },
            { message: 'PersistentVolumeClaim "db/restore" names no StorageClass, so it gets the cluster default.', urn: urnOf(claim) });
    });

    it("#3 enforces the allow-list and, when asked, that the class is in the stack", async () => {
        const sts = statefulSet();
        await assertHasStackViolation(policy, stackArgs([sts], { allowedStorageClasses: ["gold"] }),
            { message: 'volumeClaimTemplate "data" of StatefulSet "db/main" uses StorageClass "fast-retain"; allowed: gold.', urn: urnOf(sts) });
        await assertHasStackViolation(policy, stackArgs([sts], { requireStorageClassInStack: true }),
            { message: 'volumeClaimTemplate "data" of StatefulSet "db/main" uses StorageClass "fast-retain", which this stack does not define.', urn: urnOf(sts) });
        await assertNoStackViolations(policy, stackArgs([sts, storageClass("Retain")], { requireStorageClassInStack: true }));
    });

    it("#4 PVCs of other apps are out of scope; a PVC mounted by a database pod is in", async () => {
        await assertNoStackViolations(policy, stackArgs([pvc(undefined, { app: "web" })]));
        const sts = statefulSet();
        sts.props.spec.template.spec.volumes = [{ name: "restore", persistentVolumeClaim: { claimName: "restore" } }];
        const claim = pvc(undefined, {});
        await assertHasStackViolation(policy, stackArgs([sts, claim]),
            { message: 'PersistentVolumeClaim "db/restore" names no StorageClass, so it gets the cluster default.', urn: urnOf(claim) });
    });
});
