/** The repmgr topology's resources under mocks: kinds, names, wiring, and no password outside a Secret. */
import { strict as assert } from "assert";
import { PostgresCluster } from "../../components/postgres-cluster";
import { settle, startMocks, RegisteredResource } from "../helpers/mocks";

const image = "registry.example/postgres-k8s-repmgr:15.18-5.3.3-4.3.5";

async function build(extra: Record<string, unknown> = {}) {
    const run = await startMocks("t", {});
    new PostgresCluster("pg", { topology: "repmgr", instances: 3, image, namespace: "db", ...extra });
    await settle(run);
    return run.resources;
}

const of = (rs: RegisteredResource[], type: string) => rs.filter(r => r.type === `kubernetes:${type}`);
const names = (rs: RegisteredResource[], type: string) => of(rs, type).map(r => r.inputs.metadata.name).sort();

describe("repmgr topology under mocks", () => {
    it("creates the instances, pgpool, their Services, PDBs and NetworkPolicies, and two more Secrets", async () => {
        const rs = await build();
        assert.deepEqual(names(rs, "apps/v1:StatefulSet"), ["pg"]);
        assert.deepEqual(names(rs, "apps/v1:Deployment"), ["pg-pgpool"]);
        assert.deepEqual(names(rs, "core/v1:Service"), ["pg-hl", "pg-ro", "pg-rw"]);
        assert.deepEqual(names(rs, "policy/v1:PodDisruptionBudget"), ["pg", "pg-pgpool"]);
        assert.deepEqual(names(rs, "networking.k8s.io/v1:NetworkPolicy"), ["pg", "pg-pgpool"]);
        assert.deepEqual(names(rs, "core/v1:Secret"), ["pg-app", "pg-pcp", "pg-pgpool-check", "pg-replication", "pg-superuser"]);
        assert.deepEqual(names(rs, "core/v1:ConfigMap"), ["pg-config", "pg-pgpool", "pg-scripts"]);
        assert.equal(of(rs, "rbac.authorization.k8s.io/v1:Role").length, 0, "no kubectl, no RBAC in the repmgr topology");
    });

    it("routes rw through pgpool and ro to every instance; pgpool's PDB and anti-affinity select pgpool pods only", async () => {
        const rs = await build({ antiAffinity: { mode: "required" } });
        const svc = (n: string) => of(rs, "core/v1:Service").find(r => r.inputs.metadata.name === n)!.inputs.spec;
        assert.equal(svc("pg-rw").selector["app.kubernetes.io/component"], "pgpool");
        assert.equal(svc("pg-ro").selector["app.kubernetes.io/component"], "database");
        const pdb = of(rs, "policy/v1:PodDisruptionBudget").find(r => r.inputs.metadata.name === "pg-pgpool")!.inputs.spec;
        const deployment = of(rs, "apps/v1:Deployment")[0].inputs.spec;
        assert.deepEqual(pdb.selector.matchLabels, deployment.selector.matchLabels);
        const term = deployment.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0];
        assert.deepEqual(term.labelSelector.matchLabels, deployment.selector.matchLabels);
        assert.equal(deployment.replicas, 2);
    });

    it("renders repmgr.conf per pod and pgpool.conf with the pods' headless names; no password in any ConfigMap", async () => {
        const rs = await build({ repmgr: { reconnectAttempts: 4, pgpool: { replicas: 3, numInitChildren: 30 } } });
        const config = of(rs, "core/v1:ConfigMap").find(r => r.inputs.metadata.name === "pg-config")!.inputs.data;
        assert.deepEqual(Object.keys(config).sort(), ["pg_hba.conf", "postgresql.conf", "repmgr-0.conf", "repmgr-1.conf", "repmgr-2.conf"]);
        assert.match(config["repmgr-2.conf"], /^conninfo='host=pg-2\.pg-hl\.db\.svc port=5432 /m);
        assert.match(config["repmgr-2.conf"], /^reconnect_attempts=4$/m);
        const pgpool = of(rs, "core/v1:ConfigMap").find(r => r.inputs.metadata.name === "pg-pgpool")!.inputs.data;
        assert.match(pgpool["pgpool.conf"], /^backend_hostname2 = 'pg-2\.pg-hl\.db\.svc'$/m);
        assert.equal(of(rs, "apps/v1:Deployment")[0].inputs.spec.replicas, 3);
        const scripts = of(rs, "core/v1:ConfigMap").find(r => r.inputs.metadata.name === "pg-scripts")!.inputs.data;
        assert.ok("repmgr-entrypoint.sh" in scripts && "pgpool-entrypoint.sh" in scripts && "archive-wal.sh" in scripts);
        assert.ok(!("role-labeller.sh" in scripts), "streaming-only scripts stay out");
        for (const cm of of(rs, "core/v1:ConfigMap")) {
            for (const [file, text] of Object.entries(cm.inputs.data as Record<string, string>)) {
                assert.ok(!/password\s*=\s*'?[A-Za-z0-9]{8,}/i.test(text), `${cm.inputs.metadata.name}/${file} holds a password`);
            }
        }
    });

    it("with backups: archive volume mounted in the instances, the base-backup CronJob, and a recovery instance on request", async () => {
        const rs = await build({ backup: {}, restore: { from: "latest", targetTime: "2026-11-30T10:00:00Z" } });
        assert.deepEqual(names(rs, "batch/v1:CronJob"), ["pg-backup"]);
        const sts = of(rs, "apps/v1:StatefulSet").map(r => r.inputs);
        const main = sts.find(s => s.metadata.name === "pg")!;
        assert.ok(main.spec.template.spec.containers[0].volumeMounts.some((m: { mountPath: string }) => m.mountPath === "/var/lib/postgresql/archive"));
        assert.ok(sts.some(s => s.metadata.name === "pg-restore"), "the point-in-time recovery instance");
        const conf = of(rs, "core/v1:ConfigMap").find(r => r.inputs.metadata.name === "pg-config")!.inputs.data["postgresql.conf"];
        assert.match(conf, /^archive_command = /m);
        assert.doesNotMatch(conf, /^restore_command = /m, "standbys stream only (repmgr's election compares received WAL)");
    });

    it("refuses one instance and the default image before registering anything", () => {
        assert.throws(() => new PostgresCluster("pg", { topology: "repmgr", instances: 1 }),
            /instances must be an integer from 2 to 15 when topology is 'repmgr' \(repmgr fails over to a standby\) \(got 1\).*image must be an image with PostgreSQL 15, repmgr 5\.3 and pgpool-II 4\.3/);
    });
});
