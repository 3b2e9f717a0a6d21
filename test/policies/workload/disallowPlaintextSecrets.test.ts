import { disallowPlaintextSecrets as policy } from "../../../policies/workload/disallowPlaintextSecrets";
import { assertHasResourceViolation, assertNoResourceViolations, resourceArgs } from "../../helpers/policy";
import { podSpec, statefulSet } from "../fixtures";

function withEnv(env: unknown[], envFrom?: unknown[]) {
    const sts = statefulSet();
    podSpec(sts).containers[0].env = env;
    podSpec(sts).containers[0].envFrom = envFrom;
    return sts;
}

const SECRET_REF = { name: "PGPASSWORD", valueFrom: { secretKeyRef: { name: "main-superuser", key: "password" } } };

describe("postgres-k8s-workload-disallow-plaintext-secrets", () => {
    it("#1 passes the baseline (POSTGRES_PASSWORD_FILE names a file)", async () => {
        await assertNoResourceViolations(policy, resourceArgs(statefulSet()));
    });

    it("#2 fails a literal password and a literal token", async () => {
        await assertHasResourceViolation(policy, resourceArgs(withEnv([
            { name: "POSTGRES_PASSWORD", value: "hunter2" }, { name: "API_TOKEN", value: "abc" }, { name: "PGUSER", value: "app" },
        ])),
        'container "postgres" sets env POSTGRES_PASSWORD to a literal value; use a Secret (preferably mounted as a file).',
        'container "postgres" sets env API_TOKEN to a literal value; use a Secret (preferably mounted as a file).');
    });

    it("#3 passes Secret references and empty values by default", async () => {
        await assertNoResourceViolations(policy, resourceArgs(withEnv([SECRET_REF, { name: "PGPASSWORD_OLD", value: "" }])));
    });

    it("#4 with disallowSecretEnvRefs, Secret references in env and envFrom fail too", async () => {
        await assertHasResourceViolation(policy, resourceArgs(withEnv([SECRET_REF], [{ secretRef: { name: "main-app" } }]), { disallowSecretEnvRefs: true }),
            'container "postgres" reads Secret "main-superuser" into env PGPASSWORD; mount it as a file.',
            'container "postgres" loads Secret "main-app" into its environment; mount it as a file.');
    });
});

describe("postgres-k8s-workload-disallow-plaintext-secrets: PEM private keys", () => {
    it("fails a literal private key in env whatever its name, and passes a certificate", async () => {
        const key = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIIrYSSNQFaA2Hwf1duRSxKtLYX5CB04fSeQ6tF1aY/PuoAoGCCqGSM49\n-----END EC PRIVATE KEY-----";
        await assertHasResourceViolation(policy, resourceArgs(withEnv([{ name: "TLS_PEM", value: key }])),
            'container "postgres" sets env TLS_PEM to a literal PEM private key; use a Secret mounted as a file.');
        await assertHasResourceViolation(policy, resourceArgs(withEnv([{ name: "SSL_PRIVATE_KEY", value: key }])),
            'container "postgres" sets env SSL_PRIVATE_KEY to a literal PEM private key; use a Secret mounted as a file.');
        await assertNoResourceViolations(policy, resourceArgs(withEnv([{ name: "TLS_CA", value: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----" }])));
    });
});
