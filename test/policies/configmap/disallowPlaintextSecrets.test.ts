import { disallowPlaintextSecrets as policy } from "../../../policies/configmap/disallowPlaintextSecrets";
import { assertHasResourceViolation, assertNoResourceViolations, resourceArgs } from "../../helpers/policy";
import { pgHbaConfigMap } from "../fixtures";

function withData(data: Record<string, string>) {
    const cm = pgHbaConfigMap();
    Object.assign(cm.props.data, data);
    return cm;
}

const KEEP = "; keep it in a Secret.";

describe("postgres-k8s-configmap-disallow-plaintext-secrets", () => {
    it("#1 passes pg_hba.conf and postgresql.conf (password_encryption is a setting, not a password)", async () => {
        await assertNoResourceViolations(policy, resourceArgs(pgHbaConfigMap()));
    });

    it("#2 fails a password-like key", async () => {
        await assertHasResourceViolation(policy, resourceArgs(withData({ "superuser-password": "hunter2" })),
            `data["superuser-password"] looks like a credential${KEEP}`);
    });

    it("#3 fails a literal password setting and a URI with a password", async () => {
        await assertHasResourceViolation(policy, resourceArgs(withData({ "app.properties": "db.user=app\ndb.password=hunter2\nurl=postgresql://app:hunter2@main-rw:5432/app" })),
            `data["app.properties"] line 2 sets db.password to a literal value${KEEP}`,
            `data["app.properties"] line 3 has a password in a connection URI${KEEP}`);
    });

    it("#4 passes references to a value kept elsewhere", async () => {
        await assertNoResourceViolations(policy, resourceArgs(withData({
            "app.properties": "db.password=${DB_PASSWORD}\npassword_file: /etc/secrets/password\nurl=postgresql://app@main-rw/app",
        })));
    });
});

const RSA_KEY = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n-----END RSA PRIVATE KEY-----\n";
const PKCS8_KEY = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF\n-----END PRIVATE KEY-----\n";

describe("postgres-k8s-configmap-disallow-plaintext-secrets: PEM private keys", () => {
    it("fails a private key under any key name, in data and in binaryData", async () => {
        const cm = withData({ "server.pem": RSA_KEY, "tls.conf": `ssl = on\n${PKCS8_KEY}` });
        cm.props.binaryData = { "client.bin": Buffer.from("-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----\n").toString("base64") };
        await assertHasResourceViolation(policy, resourceArgs(cm),
            `data["server.pem"] holds a PEM private key${KEEP}`,
            `data["tls.conf"] holds a PEM private key${KEEP}`,
            `binaryData["client.bin"] holds a PEM private key${KEEP}`);
    });

    it("passes a certificate and a public key (nothing secret)", async () => {
        await assertNoResourceViolations(policy, resourceArgs(withData({
            "ca.crt": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
            "id.pub": "-----BEGIN PUBLIC KEY-----\nMCow\n-----END PUBLIC KEY-----\n",
        })));
    });
});
