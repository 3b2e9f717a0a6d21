import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { basicAuthSecret, SecretRole } from "../specs/secret";

export interface ClusterSecretsArgs {
    /** Cluster name; Secrets are `<cluster>-superuser`, `<cluster>-replication`, `<cluster>-app`. */
    cluster: string;
    namespace: pulumi.Input<string>;
    /** Role names stored beside each password (`kubernetes.io/basic-auth` Secrets). */
    superuser: string;
    /**
     * Omitted: no replication Secret. The cnpg topology omits it: the operator authenticates
     * replication with certificates and owns a TLS Secret named `<cluster>-replication`.
     */
    replicationUser?: string;
    appUser: string;
    /** Protect passwords and Secrets: a new password would no longer match the retained data volume. Defaults to false. */
    protect?: boolean;
}

/**
 * Passwords from @pulumi/random, stored only in Kubernetes Secrets (pods read them as mounted
 * files). Outputs carrying them are secret.
 */
export class ClusterSecrets extends pulumi.ComponentResource {
    public readonly superuserSecretName: pulumi.Output<string>;
    /** Unset without `replicationUser`. */
    public readonly replicationSecretName?: pulumi.Output<string>;
    public readonly appSecretName: pulumi.Output<string>;
    public readonly superuserPassword: pulumi.Output<string>;
    public readonly appPassword: pulumi.Output<string>;

    constructor(name: string, args: ClusterSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("postgres-k8s:secrets:ClusterSecrets", name, {}, opts);
        const protect = args.protect ?? false;
        const make = (role: SecretRole, username: string) => {
            // Alphanumeric only: the password also goes into a libpq passfile, where ':' and '\' need escaping.
            const password = new random.RandomPassword(`${name}-${role}-password`, {
                length: 32, special: false,
            }, { parent: this, protect });
            const secret = new k8s.core.v1.Secret(`${name}-${role}`,
                basicAuthSecret(args.cluster, args.namespace, role, username, password.result), { parent: this, protect });
            return { secret, password };
        };
        const superuser = make("superuser", args.superuser);
        const replication = args.replicationUser !== undefined ? make("replication", args.replicationUser) : undefined;
        const app = make("app", args.appUser);

        this.superuserSecretName = superuser.secret.metadata.name;
        this.replicationSecretName = replication?.secret.metadata.name;
        this.appSecretName = app.secret.metadata.name;
        this.superuserPassword = pulumi.secret(superuser.password.result);
        this.appPassword = pulumi.secret(app.password.result);
        this.registerOutputs({
            superuserSecretName: this.superuserSecretName,
            replicationSecretName: this.replicationSecretName,
            appSecretName: this.appSecretName,
            superuserPassword: this.superuserPassword,
            appPassword: this.appPassword,
        });
    }
}
