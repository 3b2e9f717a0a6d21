import { ResourceValidationPolicy } from "@pulumi/policy";
import { stringList, withDefaults } from "../lib/config";
import { validateKind } from "../lib/kinds";
import { pgHbaProblems } from "../lib/pgHba";

interface Config {
    /** ConfigMap keys that hold pg_hba.conf content. */
    keys: string[];
}

const DEFAULTS: Config = { keys: ["pg_hba.conf"] };

/**
 * `trust` skips authentication for a whole address range, and `0.0.0.0/0` / `::/0` / `all`
 * lets any address that reaches the port try to log in; together with any network path they
 * make the database public.
 *
 * @severity critical
 * @topics authentication, exposure
 * @link https://www.postgresql.org/docs/current/auth-pg-hba-conf.html
 */
export const disallowOpenPgHba: ResourceValidationPolicy = {
    name: "postgres-k8s-configmap-disallow-open-pg-hba",
    description: "Disallows pg_hba.conf entries in ConfigMaps that use trust on the network or admit every address.",
    configSchema: { properties: { keys: stringList("ConfigMap keys holding pg_hba.conf.", DEFAULTS.keys) } },
    enforcementLevel: "mandatory",
    severity: "critical",
    validateResource: validateKind(["core"], "ConfigMap", "a ConfigMap", (args, report) => {
        const config = withDefaults(args, DEFAULTS);
        const data = args.props.data ?? {};
        const keys = config.keys.filter(k => typeof data[k] === "string");
        if (keys.length === 0) {
            return args.notApplicable("no pg_hba.conf key");
        }
        for (const key of keys) {
            for (const problem of pgHbaProblems(data[key])) {
                report(`data["${key}"] ${problem}.`);
            }
        }
    }),
};
