/**
 * The Kubernetes objects a stack produces: the program runs for real under mocks, and each
 * kubernetes:* resource's inputs are exactly the object the provider would send to the API server.
 * Used by the e2e suite to apply them to a real API server; never written to disk (Secrets).
 */
import { runStackWithOutputs } from "./stack";
import { StackName } from "./stack-config";

const secretSig = "4dabf18193072939515e22adb298388d";

/** Replaces the SDK's secret wrappers `{ <sig>: ..., value }` with their values. */
export function unwrapSecrets(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(unwrapSecrets);
    if (value && typeof value === "object") {
        const o = value as Record<string, unknown>;
        if (secretSig in o) return unwrapSecrets(o.value);
        return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, unwrapSecrets(v)]));
    }
    return value;
}

export interface KubeObject {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
    [field: string]: unknown;
}

export async function renderStack(stack: StackName, overrides: Record<string, unknown> = {}): Promise<{ objects: KubeObject[] }> {
    const run = await runStackWithOutputs(stack, overrides);
    const objects = run.resources
        .filter(r => r.type.startsWith("kubernetes:"))
        .map(r => unwrapSecrets(r.inputs) as KubeObject);
    return { objects };
}
