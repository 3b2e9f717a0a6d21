/**
 * Runs the whole pack over a set of resources the way `pulumi preview --policy-pack
 * --policy-pack-config` does: every resource policy on every resource, every stack policy on
 * all of them, at the level the config file gives (or the policy's default).
 */
import * as fs from "fs";
import * as path from "path";
import { EnforcementLevel, Policies, PolicyPackConfig } from "@pulumi/policy";
import { allPolicies } from "../../policies/all";
import { resourceArgs, runResourcePolicy, runStackPolicy, stackArgs, TestResource, urnOf } from "./policy";
import { RegisteredResource } from "./mocks";
import { repoRoot } from "./policyPeers";

export interface PackViolation {
    policy: string;
    level: EnforcementLevel;
    message: string;
    urn: string;
}

export interface PackResult {
    violations: PackViolation[];
    /** "policy: message" for each policy that could not run because of an unknown value. */
    unknowns: string[];
}

export function packConfig(env: "dev" | "prod"): PolicyPackConfig {
    return JSON.parse(fs.readFileSync(path.join(repoRoot, "policies", "config", `${env}.json`), "utf8"));
}

function settings(config: PolicyPackConfig, name: string): { level?: EnforcementLevel; props: Record<string, unknown> } {
    const c = config[name];
    if (c === undefined || typeof c === "string") {
        return { level: c, props: {} };
    }
    const { enforcementLevel, ...props } = c;
    return { level: enforcementLevel, props };
}

export async function runPack(
    resources: TestResource[], config: PolicyPackConfig = {}, stackTags: Record<string, string> = {}, policies: Policies = allPolicies,
): Promise<PackResult> {
    const result: PackResult = { violations: [], unknowns: [] };
    for (const policy of policies) {
        const { level: configured, props } = settings(config, policy.name);
        const level = configured ?? policy.enforcementLevel ?? "advisory";
        if (level === "disabled") {
            continue;
        }
        const outcomes = "validateStack" in policy
            ? [{ urn: undefined, outcome: await runStackPolicy(policy, stackArgs(resources, props, stackTags)) }]
            : await Promise.all(resources.map(async r => ({ urn: urnOf(r), outcome: await runResourcePolicy(policy, resourceArgs(r, props, stackTags)) })));
        for (const { urn, outcome } of outcomes) {
            for (const v of outcome.violations) {
                result.violations.push({ policy: policy.name, level, message: v.message, urn: v.urn ?? urn ?? "" });
            }
            if (outcome.unknown) {
                result.unknowns.push(`${policy.name}: ${outcome.unknown}`);
            }
        }
    }
    return result;
}

/** Mandatory violations as "policy: message" lines, for readable assertions. */
export function mandatory(result: PackResult): string[] {
    return result.violations.filter(v => v.level !== "advisory").map(v => `${v.policy}: ${v.message}`);
}

/** What the policy engine would be handed for each registered resource. */
export function toPolicyResources(stack: string, registered: RegisteredResource[]): TestResource[] {
    return registered.map(r => ({
        type: r.type, name: r.name, props: r.inputs ?? {}, parent: r.parent || undefined,
        urn: `urn:pulumi:${stack}::postgres-k8s::${r.type}::${r.name}`,
    }));
}
