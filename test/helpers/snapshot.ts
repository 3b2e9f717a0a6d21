/**
 * A canonical rendering of everything a stack registers under mocks: each resource's type, name,
 * parent, dependsOn, protect, retainOnDelete and inputs, plus the stack outputs. Generated
 * passwords are replaced by the name of the RandomPassword that made them, object keys are
 * sorted, resources are keyed `type::name`: two runs of the same program render the same text.
 */
import * as pulumi from "@pulumi/pulumi";
import { outputValue } from "./mocks";
import { StackRun } from "./stack";

function sortKeys(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (value && typeof value === "object") {
        return Object.fromEntries(Object.keys(value).sort().map(k => [k, sortKeys((value as Record<string, unknown>)[k])]));
    }
    return value;
}

async function resolveOutputs(outputs: Record<string, unknown>): Promise<Record<string, unknown>> {
    const resolved: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(outputs)) {
        resolved[k] = pulumi.Output.isInstance(v) ? await outputValue(v) : v;
    }
    return resolved;
}

export async function renderSnapshot(run: StackRun): Promise<string> {
    const passwordNames = run.resources
        .filter(r => r.type === "random:index/randomPassword:RandomPassword")
        .map(r => `<password of ${r.name}>`);
    const resources: Record<string, unknown> = {};
    for (const r of run.resources) {
        const key = `${r.type}::${r.name}`;
        if (key in resources) throw new Error(`registered twice: ${key}`);
        resources[key] = {
            parent: r.parent, dependsOn: r.dependsOn, protect: r.protect, retainOnDelete: r.retainOnDelete, inputs: r.inputs,
        };
    }
    let text = JSON.stringify(sortKeys({ outputs: await resolveOutputs(run.outputs), resources }), null, 2) + "\n";
    run.passwords.forEach((password, i) => { text = text.split(password).join(passwordNames[i] ?? "<password>"); });
    return text;
}

/** Keys of the top-level resources whose rendering differs between two snapshots, for the failure message. */
export function changedResources(expected: string, actual: string): string[] {
    const a = JSON.parse(expected).resources as Record<string, unknown>;
    const b = JSON.parse(actual).resources as Record<string, unknown>;
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
        .filter(k => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}
