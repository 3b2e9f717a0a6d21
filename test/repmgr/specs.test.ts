/** The repmgr topology's pure builders: rendered files and object specs, asserted field by field. */
import { strict as assert } from "assert";
import { peerList } from "../../specs/self-managed/pod-env";
import { pgpoolConfigFiles, repmgrConfigFiles, withRepmgrPreload } from "../../specs/repmgr/config-files";
import { peersValue, repmgrNodes } from "../../specs/repmgr/nodes";
import { defaultPgpoolHealthCheck, renderPgpoolConf } from "../../specs/repmgr/pgpool-conf";
import { pgpoolDeploymentSpec } from "../../specs/repmgr/pgpool-deployment";
import { defaultRepmgrTiming, nodeConninfo } from "../../specs/repmgr/repmgr-conf";
import { repmgrStatefulSetSpec } from "../../specs/repmgr/statefulset";

const nodes = repmgrNodes({ statefulSet: "pg", headlessService: "pg-hl", namespace: "db", instances: 3, port: 5432 });
const settings = (text: string) => Object.fromEntries(text.split("\n").filter(l => l && !l.startsWith("#")).map(l => {
    const i = l.indexOf("=");
    return [l.slice(0, i).trim(), l.slice(i + 1).trim()];
}));
const resources = { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "512Mi" } };

describe("repmgr topology builders", () => {
    it("names nodes like the pods and spells their hosts exactly as the shared peer list does", () => {
        assert.deepEqual(nodes.map(n => [n.id, n.name, n.host]), [
            [1, "pg-0", "pg-0.pg-hl.db.svc"], [2, "pg-1", "pg-1.pg-hl.db.svc"], [3, "pg-2", "pg-2.pg-hl.db.svc"]]);
        assert.equal(peersValue(nodes), peerList({ statefulSet: "pg", headlessService: "pg-hl", namespace: "db", instances: 3, port: 5432 }));
    });

    it("renders one repmgr.conf per ordinal: automatic failover, the timing keys, commands that run in the pod", () => {
        const files = repmgrConfigFiles({
            nodes, listenAddresses: "*", parameters: {}, podCidrs: ["10.0.0.0/8"], superuser: "postgres",
            replicationUser: "replicator", repmgrDatabase: "repmgr", timing: defaultRepmgrTiming,
        });
        assert.deepEqual(Object.keys(files).sort(), ["pg_hba.conf", "postgresql.conf", "repmgr-0.conf", "repmgr-1.conf", "repmgr-2.conf"]);
        const conf = settings(files["repmgr-1.conf"]);
        assert.equal(conf.node_id, "2");
        assert.equal(conf.node_name, "'pg-1'");
        assert.equal(conf.conninfo, "'host=pg-1.pg-hl.db.svc port=5432 user=postgres dbname=repmgr connect_timeout=2 tcp_user_timeout=1000'");
        assert.equal(conf.failover, "'automatic'");
        assert.equal(conf.promote_command, "'/opt/postgres-k8s/scripts/repmgr-promote.sh'");
        assert.equal(conf.follow_command, "'/usr/lib/postgresql/15/bin/repmgr standby follow -f /etc/postgres-k8s/config/repmgr-1.conf --upstream-node-id=%n'");
        assert.equal(conf.service_reload_command, "'/opt/postgres-k8s/scripts/repmgr-reload.sh'");
        assert.equal(conf.passfile, "'/run/postgres-k8s/pgpass'");
        assert.deepEqual([conf.monitor_interval_secs, conf.reconnect_attempts, conf.reconnect_interval], ["1", "2", "1"]);
        assert.equal(conf.use_replication_slots, "false");
        assert.ok(!/password/i.test(Object.values(files).join("\n").replace(/passfile/g, "").replace(/password_encryption/g, "")));
        assert.match(files["postgresql.conf"], /^shared_preload_libraries = 'repmgr'$/m);
    });

    it("keeps a user's preload libraries and puts repmgr first", () => {
        assert.equal(withRepmgrPreload({ shared_preload_libraries: "pg_stat_statements, repmgr" }).shared_preload_libraries, "repmgr,pg_stat_statements");
    });

    it("renders pgpool backends with exactly repmgr's host and port, detach_false_primary and auto_failback on", () => {
        const { "pgpool.conf": text, "pool_hba.conf": hba } = pgpoolConfigFiles({
            nodes, listenAddresses: "*", port: 5432, podCidrs: ["10.0.0.0/8"], checkUser: "pgpool",
            healthCheck: defaultPgpoolHealthCheck, numInitChildren: 32, maxPool: 2, loadBalance: true,
        });
        const conf = settings(text);
        for (const [i, n] of nodes.entries()) {
            const conninfo = nodeConninfo(n, { user: "postgres", database: "repmgr", connectTimeoutSeconds: 2 });
            assert.ok(conninfo.includes(`host=${conf[`backend_hostname${i}`].slice(1, -1)} port=${conf[`backend_port${i}`]} `));
            assert.equal(conf[`backend_application_name${i}`], `'${n.name}'`);
        }
        assert.equal(conf.detach_false_primary, "on");
        assert.equal(conf.auto_failback, "on");
        assert.equal(conf.failover_on_backend_error, "off");
        assert.equal(conf.failover_on_backend_shutdown, "on");
        assert.equal(conf.failover_command, "''");
        assert.equal(conf.enable_pool_hba, "on");
        assert.equal(conf.pool_passwd, undefined, "pool_passwd keeps its default, beside pgpool.conf in the run directory");
        assert.deepEqual([conf.health_check_period, conf.connect_timeout, conf.health_check_max_retries, conf.health_check_retry_delay], ["1", "2000", "1", "1"]);
        assert.ok(!/trust|password/i.test(hba.replace(/pool_passwd/g, "")));
        assert.match(hba, /^host +all +all +10\.0\.0\.0\/8 +scram-sha-256$/m);
    });

    it("renders no backend for an empty node list, so pgpool.conf always matches the StatefulSet", () => {
        assert.ok(!/backend_hostname/.test(renderPgpoolConf({
            backends: [], listenAddresses: "*", port: 5432, pcpPort: 9898, runDir: "/run/pgpool", checkUser: "pgpool",
            checkDatabase: "postgres", healthCheck: defaultPgpoolHealthCheck, numInitChildren: 32, maxPool: 2, loadBalance: true,
        })));
    });

    it("builds the StatefulSet: postgres and repmgrd containers in one process namespace, handover preStop, Parallel pods, pgpool's password mounted", () => {
        const spec = repmgrStatefulSetSpec({
            cluster: "pg", namespace: "db", instances: 3, image: "example.org/repmgr:15-5.3.3", port: 5432, resources,
            antiAffinity: "required", topologyKey: "kubernetes.io/hostname", terminationGracePeriodSeconds: 60,
            configMap: "pg-config", scriptsConfigMap: "pg-scripts", secrets: { superuser: "s", replication: "r", app: "a", pgpool: "p" },
            users: { superuser: "postgres", replicationUser: "replicator", appUser: "app", appDatabase: "app" },
            repmgrDatabase: "repmgr", pgpoolCheckUser: "pgpool", configChecksumSource: "x", dataClaim: { size: "1Gi" },
        });
        assert.equal(spec.podManagementPolicy, "Parallel");
        // repmgrd-run.sh stops a stale primary with pg_ctl, a signal across containers.
        assert.equal(spec.template.spec.shareProcessNamespace, true);
        const [pg, repmgrd] = spec.template.spec.containers;
        assert.deepEqual([pg.name, repmgrd.name], ["postgres", "repmgrd"]);
        assert.deepEqual(pg.command, ["bash", "/opt/postgres-k8s/scripts/repmgr-entrypoint.sh"]);
        assert.deepEqual(repmgrd.command, ["bash", "/opt/postgres-k8s/scripts/repmgrd-run.sh"]);
        assert.deepEqual((pg as { lifecycle: { preStop: { exec: { command: string[] } } } }).lifecycle.preStop.exec.command, ["bash", "/opt/postgres-k8s/scripts/repmgr-pre-stop.sh"]);
        assert.deepEqual(repmgrd.volumeMounts, pg.volumeMounts);
        const env = Object.fromEntries(pg.env.map(e => [e.name, e.value]));
        assert.equal(env.REPMGR_DATABASE, "repmgr");
        assert.equal(env.PG_PEERS, peersValue(nodes));
        const secrets = spec.template.spec.volumes.find(v => v.name === "secrets") as { projected: { sources: { secret: { name: string; items: { path: string }[] } }[] } };
        assert.deepEqual(secrets.projected.sources.map(s => `${s.secret.name}:${s.secret.items[0].path}`),
            ["s:superuser-password", "r:replication-password", "a:app-password", "p:pgpool-password"]);
        assert.ok(!spec.template.spec.volumes.some(v => v.name === "tools"), "no kubectl in the repmgr topology");
        assert.equal(spec.template.spec.automountServiceAccountToken, false);
    });

    it("builds the pgpool Deployment: its own labels and anti-affinity, probes, surge-only rollout, three secrets", () => {
        const spec = pgpoolDeploymentSpec({
            cluster: "pg", replicas: 2, image: "example.org/repmgr:15-5.3.3", port: 5432, resources, antiAffinity: "required",
            topologyKey: "kubernetes.io/hostname", configMap: "pg-pgpool", scriptsConfigMap: "pg-scripts",
            secrets: { app: "a", pgpool: "p", pcp: "c" }, appUser: "app", checkUser: "pgpool", pcpUser: "pcpadmin", configChecksumSource: "x",
        });
        assert.equal(spec.selector.matchLabels["app.kubernetes.io/component"], "pgpool");
        assert.deepEqual(spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution![0].labelSelector.matchLabels, spec.selector.matchLabels);
        assert.deepEqual(spec.strategy.rollingUpdate, { maxUnavailable: 0, maxSurge: 1 });
        const c = spec.template.spec.containers[0];
        assert.deepEqual(c.readinessProbe.exec.command, ["bash", "/opt/postgres-k8s/scripts/pgpool-ready.sh"]);
        assert.deepEqual(c.livenessProbe.exec.command, ["bash", "/opt/postgres-k8s/scripts/pgpool-alive.sh"]);
        assert.equal(c.securityContext.readOnlyRootFilesystem, true);
        assert.ok(c.env.every(e => !/password/i.test(e.name)), "no password in the environment");
    });
});
