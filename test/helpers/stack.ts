/** Runs the whole program (index.ts) for a stack under mocks, with its real Pulumi.<stack>.yaml. */
import * as path from "path";
import { MockRun, RegisteredResource, settle, startMocks } from "./mocks";
import { repoRoot, stackConfigMap, StackName } from "./stack-config";

export { RegisteredResource } from "./mocks";

/** Loads index.ts afresh: the program runs at import time. */
export function loadProgram(): Record<string, unknown> {
    for (const file of Object.keys(require.cache)) {
        if (file.startsWith(repoRoot) && !file.includes(`${path.sep}node_modules${path.sep}`) && !file.includes(`${path.sep}test${path.sep}`)) {
            delete require.cache[file];
        }
    }
    return require(path.join(repoRoot, "index.ts"));
}

export interface StackRun extends MockRun {
    outputs: Record<string, unknown>;
}

export async function runStackWithOutputs(stack: StackName, overrides: Record<string, unknown> = {}): Promise<StackRun> {
    const run = await startMocks(stack, stackConfigMap(stack, overrides));
    const outputs = loadProgram();
    await settle(run);
    return { ...run, outputs };
}

export async function runStack(stack: StackName, overrides: Record<string, unknown> = {}): Promise<RegisteredResource[]> {
    return (await runStackWithOutputs(stack, overrides)).resources;
}

export function ofType(resources: RegisteredResource[], type: string): RegisteredResource[] {
    return resources.filter(r => r.type === type);
}

export function one(resources: RegisteredResource[], type: string, name?: string): RegisteredResource {
    const found = ofType(resources, type).filter(r => name === undefined || r.inputs?.metadata?.name === name);
    if (found.length !== 1) throw new Error(`expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}`);
    return found[0];
}
