import * as assert from "assert";
import { ConfigError } from "../../config";
import { loadProgram, RegisteredResource, runStackWithOutputs, StackRun, ofType, one } from "../helpers/stack";
import { outputValue, startMocks } from "../helpers/mocks";
import { stackConfigMap, StackName } from "../helpers/stack-config";

const T = {
    sts: "kubernetes:apps/v1:StatefulSet",
    svc: "kubernetes:core/v1:Service",
    cm: "kubernetes:core/v1:ConfigMap",
    secret: "kubernetes:core/v1:Secret",
    pdb: "kubernetes:policy/v1:PodDisruptionBudget",
    netpol: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    role: "kubernetes:rbac.authorization.k8s.io/v1:Role",
    cron: "kubernetes:batch/v1:CronJob",
    pvc: "kubernetes:core/v1:PersistentVolumeClaim",
    ns: "kubernetes:core/v1:Namespace",
};

function matches(selector: Record<string, string>, labels: Record<string, string>): boolean {
    return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** Every string in a resource's inputs except Secret data, with where it sits. */
function strings(value: unknown, at = ""): [string, string][] {
    if (typeof value === "string") return [[at, value]];
    if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${at}[${i}]`));
    if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => strings(v, `${at}.${k}`));
    return [];
}

const expectations: Record<StackName, { instances: number; anti: "required" | "preferred"; protect: boolean; backup: boolean; timeout: string }> = {
    // Rollout timeouts: 10 min + 1 min per 2 GiB of the data volume (2Gi dev, 50Gi prod).
    dev: { instances: 2, anti: "preferred", protect: false, backup: false, timeout: "11m" },
    prod: { instances: 3, anti: "required", protect: true, backup: true, timeout: "35m" },
};

for (const stack of ["dev", "prod"] as StackName[]) {
    describe(`stack ${stack} under mocks`, () => {
        const want = expectations[stack];
        let run: StackRun;
        let r: RegisteredResource[];
        let sts: any;
        let podLabels: Record<string, string>;
        before(async () => {
            run = await runStackWithOutputs(stack);
            r = run.resources;
            sts = one(r, T.sts, "pg").inputs;
            podLabels = sts.spec.template.metadata.labels;
        });

        it("StatefulSet: replicas, selector within the pod labels, PVCs retained, claim template", () => {
            assert.strictEqual(sts.spec.replicas, want.instances);
            assert.ok(matches(sts.spec.selector.matchLabels, podLabels));
            assert.deepStrictEqual(sts.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: "Retain", whenScaled: "Retain" });
            assert.deepStrictEqual(sts.spec.volumeClaimTemplates[0].spec.accessModes, ["ReadWriteOnce"]);
            assert.strictEqual(sts.spec.serviceName, "pg-hl");
        });

        it(`Pulumi waits ${want.timeout} for the StatefulSet (a replica's clone copies the whole data volume)`, () => {
            assert.deepStrictEqual(one(r, T.sts, "pg").customTimeouts, { create: want.timeout, update: want.timeout });
        });

        it("read-write and read-only Services route by role to the StatefulSet's pods; headless covers all", () => {
            const rw = one(r, T.svc, "pg-rw").inputs.spec;
            const ro = one(r, T.svc, "pg-ro").inputs.spec;
            const hl = one(r, T.svc, "pg-hl").inputs.spec;
            assert.strictEqual(rw.selector["postgres-k8s.io/role"], "primary");
            assert.strictEqual(ro.selector["postgres-k8s.io/role"], "replica");
            assert.strictEqual(rw.type, "ClusterIP");
            for (const spec of [rw, ro, hl]) {
                const { ["postgres-k8s.io/role"]: _role, ...stable } = spec.selector;
                assert.ok(matches(stable, podLabels), JSON.stringify(spec.selector));
                assert.strictEqual(spec.ports[0].port, 5432);
            }
            for (const name of ["pg-rw", "pg-ro"]) {
                assert.strictEqual(one(r, T.svc, name).inputs.metadata.annotations["pulumi.com/skipAwait"], "true", name);
            }
            assert.strictEqual(hl.clusterIP, "None");
            assert.strictEqual(hl.publishNotReadyAddresses, true);
        });

        it(`anti-affinity is ${want.anti} on hostname and selects the pod's own labels`, () => {
            const anti = sts.spec.template.spec.affinity.podAntiAffinity;
            const term = want.anti === "required"
                ? anti.requiredDuringSchedulingIgnoredDuringExecution[0]
                : anti.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm;
            assert.strictEqual(term.topologyKey, "kubernetes.io/hostname");
            assert.ok(matches(term.labelSelector.matchLabels, podLabels));
            assert.ok(!("postgres-k8s.io/role" in term.labelSelector.matchLabels), "role label is not stable");
        });

        it("postgres container: probes, preStop, resources, hardened security context, secrets only as files", () => {
            const pod = sts.spec.template.spec;
            const pg = pod.containers.find((c: any) => c.name === "postgres");
            for (const p of ["startupProbe", "livenessProbe"]) {
                assert.deepStrictEqual(pg[p].exec.command, ["pg_isready", "--quiet", "--host", "/run/postgres-k8s", "--port", "5432"]);
            }
            // Ready: a primary that answers, a replica streaming within replicaMaxLagMB (64 MB by default).
            assert.deepStrictEqual(pg.readinessProbe.exec.command, ["bash", "/opt/postgres-k8s/scripts/ready.sh", String(64 * 1024 * 1024)]);
            assert.ok(pg.startupProbe.failureThreshold * pg.startupProbe.periodSeconds >= 3600);
            assert.deepStrictEqual(pg.lifecycle.preStop.exec.command, ["bash", "/opt/postgres-k8s/scripts/pre-stop.sh"]);
            const stopTimeout = Number(pg.env.find((e: any) => e.name === "PG_STOP_TIMEOUT_SECONDS").value);
            assert.strictEqual(stopTimeout, pod.terminationGracePeriodSeconds - 15, "fast stop + immediate fallback fit the grace period");
            assert.ok(pg.resources.requests.cpu && pg.resources.limits.memory);
            for (const c of [...pod.containers, ...pod.initContainers]) {
                assert.strictEqual(c.securityContext.allowPrivilegeEscalation, false, c.name);
                assert.deepStrictEqual(c.securityContext.capabilities.drop, ["ALL"], c.name);
                assert.strictEqual(c.securityContext.runAsNonRoot, true, c.name);
                assert.ok(c.resources.limits.memory, c.name);
                for (const e of c.env ?? []) assert.ok(!e.valueFrom?.secretKeyRef, `${c.name} ${e.name}: passwords are files`);
            }
            assert.strictEqual(pod.securityContext.runAsNonRoot, true);
            const labeller = pod.containers.find((c: any) => c.name === "role-labeller");
            assert.deepStrictEqual(labeller.livenessProbe.exec.command, ["bash", "/opt/postgres-k8s/scripts/labeller-alive.sh"]);
            assert.strictEqual(pod.terminationGracePeriodSeconds >= 60, true);
            const secretsVolume = pod.volumes.find((v: any) => v.name === "secrets");
            assert.deepStrictEqual(secretsVolume.projected.sources.map((s: any) => s.secret.name), ["pg-superuser", "pg-replication", "pg-app"]);
        });

        it("instance RBAC: get/patch on the cluster's own pods and its initialised-marker ConfigMap, by name only", () => {
            const role = one(r, T.role).inputs;
            assert.deepStrictEqual(role.rules, [{
                apiGroups: [""], resources: ["pods"], verbs: ["get", "patch"],
                resourceNames: Array.from({ length: want.instances }, (_, i) => `pg-${i}`),
            }, {
                apiGroups: [""], resources: ["configmaps"], verbs: ["get", "patch"], resourceNames: ["pg-initialised"],
            }]);
            // The marker ConfigMap exists (the pods may not create it) and holds no key of Pulumi's: the pods own its data.
            const marker = r.filter(x => x.type === T.cm && x.inputs.metadata.name === "pg-initialised");
            assert.equal(marker.length, 1);
            assert.equal(marker[0].inputs.data, undefined);
        });

        it("PDB and NetworkPolicy select the pods; the NetworkPolicy admits only members and configured clients", () => {
            const pdb = one(r, T.pdb).inputs.spec;
            assert.ok(matches(pdb.selector.matchLabels, podLabels));
            assert.strictEqual(pdb.maxUnavailable, 1);
            const np = one(r, T.netpol, "pg").inputs.spec;
            assert.ok(matches(np.podSelector.matchLabels, podLabels));
            assert.deepStrictEqual(np.policyTypes, ["Ingress"]);
            const from = np.ingress[0].from;
            assert.deepStrictEqual(from[0], { podSelector: { matchLabels: { "postgres-k8s.io/cluster": "pg" } } });
            assert.strictEqual(from.length, 2);
            assert.deepStrictEqual(np.ingress[0].ports, [{ protocol: "TCP", port: 5432 }]);
            // With backups (prod), the backup job's and the restore drill's pods get policies that admit nothing.
            const jobs = ofType(r, T.netpol).filter(n => n.inputs.metadata.name !== "pg");
            const denyAll = (component: string) => ({
                podSelector: { matchLabels: { "app.kubernetes.io/name": "postgresql", "app.kubernetes.io/instance": "pg",
                    "app.kubernetes.io/component": component, "postgres-k8s.io/cluster": "pg" } },
                policyTypes: ["Ingress"], ingress: [],
            });
            assert.deepStrictEqual(jobs.map(n => n.inputs.spec), want.backup ? [denyAll("backup"), denyAll("restore-drill")] : []);
        });

        it("pg_hba.conf: scram-sha-256 on every network line, no trust, no 0.0.0.0/0", () => {
            const hba: string = one(r, T.cm, "pg-config").inputs.data["pg_hba.conf"];
            const hostLines = hba.split("\n").filter(l => /^host/.test(l));
            assert.ok(hostLines.length > 0);
            for (const l of hostLines) assert.match(l, /scram-sha-256$/);
            assert.doesNotMatch(hba, /\btrust\b|0\.0\.0\.0\/0|::\/0/);
            assert.match(hba, /^host\s+replication\s+replicator\s+10\.0\.0\.0\/8\s+scram-sha-256$/m);
        });

        it("no password appears in a ConfigMap, an annotation, a literal env value or any non-Secret resource", () => {
            assert.strictEqual(run.passwords.length, 3);
            for (const res of r.filter(x => x.type !== T.secret && !x.type.startsWith("random:"))) {
                for (const [at, s] of strings(res.inputs)) {
                    for (const pw of run.passwords) assert.ok(!s.includes(pw), `${res.type} ${res.name}${at} holds a password`);
                }
            }
            const secrets = ofType(r, T.secret);
            assert.deepStrictEqual(secrets.map(s => s.inputs.type), Array(3).fill("kubernetes.io/basic-auth"));
        });

        it("password outputs are secret", async () => {
            for (const name of ["appPassword", "superuserPassword"]) {
                const out: any = run.outputs[name];
                assert.strictEqual(await out.isSecret, true, name);
                assert.ok(run.passwords.includes(await outputValue(out)), name);
            }
        });

        it(`data-bearing resources are ${want.protect ? "" : "not "}protected; the namespace is retained on delete`, () => {
            for (const res of [...ofType(r, T.sts), ...ofType(r, T.secret), ...ofType(r, "random:index/randomPassword:RandomPassword"), ...ofType(r, T.pvc)]) {
                assert.strictEqual(res.protect, want.protect, `${res.type} ${res.name}`);
            }
            assert.strictEqual(one(r, T.ns).retainOnDelete, true);
        });

        it(`backups ${want.backup ? "on: archive, CronJob and retained RWX volume" : "off: no archive_command, no CronJob"}`, () => {
            const conf: string = one(r, T.cm, "pg-config").inputs.data["postgresql.conf"];
            if (!want.backup) {
                assert.doesNotMatch(conf, /archive_mode/);
                assert.strictEqual(ofType(r, T.cron).length, 0);
                return;
            }
            assert.match(conf, /^archive_mode = 'on'$/m);
            assert.match(conf, /^archive_command = '\/opt\/postgres-k8s\/scripts\/archive-wal.sh %p %f'$/m);
            assert.match(conf, /^archive_timeout = '300s'$/m);
            const cron = one(r, T.cron, "pg-backup").inputs.spec;
            assert.strictEqual(cron.concurrencyPolicy, "Forbid");
            assert.strictEqual(cron.schedule, "0 3 * * *");
            // A hung backup is killed instead of blocking every later one (Forbid); backups are zstd.
            assert.strictEqual(cron.jobTemplate.spec.activeDeadlineSeconds, 21600);
            assert.ok(cron.jobTemplate.spec.template.spec.containers[0].env.some((e: any) => e.name === "PG_BACKUP_COMPRESSION" && e.value === "zstd"));
            const drill = one(r, T.cron, "pg-restore-drill").inputs.spec;
            assert.strictEqual(drill.schedule, "30 5 * * *");
            assert.deepStrictEqual(drill.jobTemplate.spec.template.spec.containers[0].volumeMounts
                .filter((m: any) => m.name === "backup").map((m: any) => m.readOnly), [true, true]);
            const job = cron.jobTemplate.spec.template.spec.containers[0];
            assert.ok(job.env.some((e: any) => e.name === "PG_BACKUP_RETAIN" && e.value === "7"));
            // Unlike the members (3 s, fast failure detection), a backup waits out a slow connection.
            assert.ok(job.env.some((e: any) => e.name === "PG_CONNECT_TIMEOUT" && e.value === "10"));
            const pvc = one(r, T.pvc, "pg-backup");
            assert.deepStrictEqual(pvc.inputs.spec.accessModes, ["ReadWriteMany"]);
            assert.strictEqual(pvc.retainOnDelete, true);
            const pgMounts = sts.spec.template.spec.containers[0].volumeMounts.filter((m: any) => m.name === "backup");
            assert.deepStrictEqual(pgMounts.map((m: any) => [m.mountPath, m.subPath]),
                [["/var/lib/postgresql/archive", "wal"], ["/var/lib/postgresql/backups", "base"]]);
        });
    });
}

describe("stack config errors stop the program before any resource exists", () => {
    it("prod with instances 0 registers nothing and names the key", async () => {
        await assert.rejects(runStackWithOutputs("prod", { instances: 0 }), (e: Error) => {
            assert.ok(e instanceof ConfigError || e.name === "ConfigError", String(e));
            assert.strictEqual(e.message, "Invalid config postgres-k8s:instances = 0; allowed: an integer from 1 to 15.");
            return true;
        });
    });

    it("a registered-resource count of zero on bad config", async () => {
        const run = await startMocks("dev", stackConfigMap("dev", { image: "postgres:latest" }));
        assert.throws(() => loadProgram(), /postgres-k8s:image = 'postgres:latest'/);
        assert.strictEqual(run.resources.length, 0);
    });
});

describe("restore config deploys a recovery instance beside the cluster", () => {
    it("restore StatefulSet reads the backup volume read-only, never archives, and leaves the cluster alone", async () => {
        const r = (await runStackWithOutputs("prod", { restoreFrom: "latest", restoreTargetTime: "2026-01-01T00:00:00Z" })).resources;
        const restore = one(r, T.sts, "pg-restore").inputs.spec;
        const init = restore.template.spec.initContainers[0];
        assert.deepStrictEqual(init.command, ["bash", "/opt/postgres-k8s/scripts/restore.sh"]);
        assert.ok(init.env.some((e: any) => e.name === "PG_RESTORE_TARGET_TIME" && e.value === "2026-01-01T00:00:00Z"));
        assert.ok(init.env.some((e: any) => e.name === "PG_RESTORE_FROM" && e.value === "latest"));
        const pg = restore.template.spec.containers[0];
        assert.ok(pg.command.includes("archive_mode=off"));
        assert.ok(pg.volumeMounts.filter((m: any) => m.name === "backup").every((m: any) => m.readOnly === true));
        assert.strictEqual(restore.template.metadata.labels["app.kubernetes.io/component"], "restore");
        // Its serviceName names a headless Service that selects it (a StatefulSet's governing Service).
        const governing = one(r, T.svc, restore.serviceName).inputs.spec;
        assert.strictEqual(governing.clusterIP, "None");
        assert.ok(matches(governing.selector, restore.template.metadata.labels));
        const rw = one(r, T.svc, "pg-rw").inputs.spec.selector;
        assert.ok(!matches(rw, restore.template.metadata.labels), "the recovery instance never joins the rw Service");
        assert.strictEqual(one(r, T.sts, "pg").inputs.spec.replicas, 3);
        // The restore unpacks a backup of up to the 50Gi volume, then replays WAL.
        assert.deepStrictEqual(one(r, T.sts, "pg-restore").customTimeouts, { create: "35m", update: "35m" });
    });
});

describe("standalone topology is the same component with one instance", () => {
    it("one pod, RBAC for it alone, same Services, PDB and NetworkPolicy", async () => {
        const r = (await runStackWithOutputs("dev", { topology: "standalone", instances: 1 })).resources;
        assert.strictEqual(one(r, T.sts, "pg").inputs.spec.replicas, 1);
        assert.deepStrictEqual(one(r, T.role).inputs.rules[0].resourceNames, ["pg-0"]);
        assert.deepStrictEqual(ofType(r, T.svc).map(s => s.inputs.metadata.name).sort(), ["pg-hl", "pg-ro", "pg-rw"]);
        assert.strictEqual(ofType(r, T.pdb).length, 1);
        assert.strictEqual(ofType(r, T.netpol).length, 1);
    });
});
