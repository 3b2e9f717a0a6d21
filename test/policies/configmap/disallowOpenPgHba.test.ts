import { disallowOpenPgHba as policy } from "../../../policies/configmap/disallowOpenPgHba";
import { assertHasResourceViolation, assertNoResourceViolations, assertNotApplicable, assertUnknownDuringPreview, resourceArgs, UNKNOWN } from "../../helpers/policy";
import { configGroupChildren } from "../../helpers/policyManifests";
import { PG_HBA, pgHbaConfigMap } from "../fixtures";

function withLine(line: string) {
    return pgHbaConfigMap(PG_HBA + line + "\n");
}

/** The line number an appended line gets (PG_HBA ends with a newline). */
const NEXT = PG_HBA.split("\n").length;

describe("postgres-k8s-configmap-disallow-open-pg-hba", () => {
    it("#1 passes the rendered pg_hba.conf (peer locally, scram-sha-256 on the pod network)", async () => {
        await assertNoResourceViolations(policy, resourceArgs(pgHbaConfigMap()));
    });

    it("#2 fails trust on any address range, even a narrow one", async () => {
        await assertHasResourceViolation(policy, resourceArgs(withLine("host all all 10.244.1.0/24 trust")),
            `data["pg_hba.conf"] line ${NEXT} (\`host all all 10.244.1.0/24 trust\`) uses trust, so no password is asked.`);
    });

    it("#3 fails every open-address spelling, whatever the method", async () => {
        for (const address of ["0.0.0.0/0", "::/0", "all", "0.0.0.0 0.0.0.0"]) {
            const line = `hostssl all all ${address} scram-sha-256`;
            await assertHasResourceViolation(policy, resourceArgs(withLine(line)), `data["pg_hba.conf"] line ${NEXT} (\`${line}\`) admits every address.`);
        }
    });

    it("#4 reports both problems of `host all all 0.0.0.0/0 trust`", async () => {
        const where = `data["pg_hba.conf"] line ${NEXT} (\`host all all 0.0.0.0/0 trust\`)`;
        await assertHasResourceViolation(policy, resourceArgs(withLine("host all all 0.0.0.0/0 trust   # temporary")),
            `${where} admits every address.`, `${where} uses trust, so no password is asked.`);
    });

    it("#5 allows trust on the local socket, a closing reject rule, and ignores comments", async () => {
        await assertNoResourceViolations(policy, resourceArgs(withLine("local all postgres trust\n# host all all 0.0.0.0/0 trust\nhost all all all reject")));
    });

    it("#6 reads configured keys; ConfigMaps without one are not applicable", async () => {
        const cm = pgHbaConfigMap();
        cm.props.data = { "hba.conf": "host all all 0.0.0.0/0 md5\n" };
        await assertNotApplicable(policy, resourceArgs(cm), "no pg_hba.conf key");
        await assertHasResourceViolation(policy, resourceArgs(cm, { keys: ["hba.conf"] }),
            'data["hba.conf"] line 1 (`host all all 0.0.0.0/0 md5`) admits every address.');
    });

    it("#7 does not pass silently when the content is unknown during preview", async () => {
        await assertUnknownDuringPreview(policy, resourceArgs(pgHbaConfigMap(UNKNOWN)), "data.pg_hba.conf");
    });

    it("#8 checks a ConfigMap from a ConfigGroup", async () => {
        const [cm] = configGroupChildren(`
apiVersion: v1
kind: ConfigMap
metadata: {name: pg-config}
data:
  pg_hba.conf: |
    host all all 0.0.0.0/0 scram-sha-256
`);
        await assertHasResourceViolation(policy, resourceArgs(cm), 'data["pg_hba.conf"] line 1 (`host all all 0.0.0.0/0 scram-sha-256`) admits every address.');
    });
});
