import * as assert from "assert";
import { podAntiAffinity } from "../../specs/affinity";
import { imageVersion, selectorLabels } from "../../specs/labels";
import { networkPolicySpec, parseSelector } from "../../specs/network-policy";
import { peerList } from "../../specs/self-managed/pod-env";
import { quoteParameter, renderPostgresqlConf } from "../../specs/postgresql-conf";

describe("pure spec builders", () => {
    it("quotes postgresql.conf values: strings single-quoted with quotes doubled, booleans on/off", () => {
        assert.strictEqual(quoteParameter("it's"), "'it''s'");
        assert.strictEqual(quoteParameter("a\\b"), "'a\\\\b'");
        assert.strictEqual(quoteParameter(true), "on");
        assert.strictEqual(quoteParameter(64), "64");
    });

    it("owned parameters win over user parameters; archive settings only with archiving", () => {
        const conf = renderPostgresqlConf({
            port: 5433, listenAddresses: "127.0.0.1", socketDir: "/tmp/s", scriptsDir: "/s",
            parameters: { port: 1 } as any,
        });
        assert.match(conf, /^port = 5433$/m);
        assert.match(conf, /^password_encryption = 'scram-sha-256'$/m);
        assert.doesNotMatch(conf, /archive/);
    });

    it("anti-affinity: required and preferred terms carry a copy of the given selector", () => {
        const sel = selectorLabels("pg");
        const req = podAntiAffinity("required", sel, "topology.kubernetes.io/zone");
        assert.deepStrictEqual(req.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution,
            [{ labelSelector: { matchLabels: sel }, topologyKey: "topology.kubernetes.io/zone" }]);
        const pref = podAntiAffinity("preferred", sel, "kubernetes.io/hostname");
        assert.strictEqual(pref.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution![0].weight, 100);
        assert.strictEqual(pref.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution, undefined);
    });

    it("NetworkPolicy: client selectors become pod selectors, namespaces combine with them", () => {
        assert.deepStrictEqual(parseSelector("app=web,tier=api"), { app: "web", tier: "api" });
        const same = networkPolicySpec({ cluster: "pg", port: 5432, clientSelectors: ["app=web"], clientNamespaces: [] });
        assert.deepStrictEqual(same.ingress[0].from[1], { podSelector: { matchLabels: { app: "web" } } });
        const other = networkPolicySpec({ cluster: "pg", port: 5432, clientSelectors: ["app=web"], clientNamespaces: ["shop"] });
        assert.deepStrictEqual(other.ingress[0].from[1], {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "shop" } },
            podSelector: { matchLabels: { app: "web" } },
        });
        const none = networkPolicySpec({ cluster: "pg", port: 5432, clientSelectors: [], clientNamespaces: [] });
        assert.strictEqual(none.ingress[0].from.length, 1, "members only");
    });

    it("peers are every member's stable DNS name", () => {
        assert.strictEqual(peerList({ statefulSet: "pg", headlessService: "pg-hl", namespace: "db", instances: 2, port: 5432 }),
            "pg-0=pg-0.pg-hl.db.svc:5432 pg-1=pg-1.pg-hl.db.svc:5432");
    });

    it("version label from the image tag", () => {
        assert.strictEqual(imageVersion("docker.io/library/postgres:15.19-bookworm"), "15.19-bookworm");
        assert.strictEqual(imageVersion("registry:5000/postgres@sha256:abc"), undefined);
    });
});
