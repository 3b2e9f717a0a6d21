/**
 * Runs Pulumi code under mocks and records every registered resource with its inputs and the
 * resource options the mocks API does not expose (protect, retainOnDelete, customTimeouts), read off the request.
 */
import * as pulumi from "@pulumi/pulumi";

export interface RegisteredResource {
    type: string;
    name: string;
    inputs: any;
    protect: boolean;
    retainOnDelete: boolean;
    parent: string;
    /** URNs of the resource's dependsOn, sorted. */
    dependsOn: string[];
    /** customTimeouts create/update ("" when unset). */
    customTimeouts: { create: string; update: string };
}

export interface MockRun {
    resources: RegisteredResource[];
    /** Values the mocks returned as generated passwords, to search for leaks. */
    passwords: string[];
}

let counter = 0;

export async function startMocks(stack: string, config: Record<string, string>): Promise<MockRun> {
    const run: MockRun = { resources: [], passwords: [] };
    type Options = Omit<RegisteredResource, "type" | "name" | "inputs">;
    const options = new Map<string, Options>();
    await pulumi.runtime.setMocks({
        newResource(args) {
            const opt = options.get(`${args.type}::${args.name}`) ?? { protect: false, retainOnDelete: false, parent: "", dependsOn: [], customTimeouts: { create: "", update: "" } };
            run.resources.push({ type: args.type, name: args.name, inputs: args.inputs, ...opt });
            const state: Record<string, unknown> = { ...args.inputs };
            if (args.type === "random:index/randomPassword:RandomPassword") {
                const password = `mockpw${++counter}${"x".repeat(20)}`;
                run.passwords.push(password);
                state.result = password;
            }
            if (args.inputs?.metadata && !args.inputs.metadata.name) {
                state.metadata = { ...args.inputs.metadata, name: `${args.name}-generated` };
            }
            return { id: `${args.name}-id`, state };
        },
        call: args => args.inputs,
    }, "postgres-k8s", stack, false);
    pulumi.runtime.setAllConfig(config);
    const monitor: any = pulumi.runtime.getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: any) => {
        options.set(`${req.getType()}::${req.getName()}`, {
            protect: Boolean(req.getProtect?.()),
            retainOnDelete: Boolean(req.getRetainondelete?.()),
            parent: req.getParent?.() ?? "",
            dependsOn: [...(req.getDependenciesList?.() ?? [])].sort(),
            customTimeouts: { create: req.getCustomtimeouts?.()?.getCreate() ?? "", update: req.getCustomtimeouts?.()?.getUpdate() ?? "" },
        });
        return register(req, callback);
    };
    return run;
}

/** Waits until no new resource has been registered for a while: registrations are asynchronous. */
export async function settle(run: MockRun): Promise<void> {
    let stable = 0;
    let last = -1;
    while (stable < 5) {
        await new Promise(r => setTimeout(r, 10));
        stable = run.resources.length === last ? stable + 1 : 0;
        last = run.resources.length;
    }
}

export function outputValue<T>(o: pulumi.Output<T>): Promise<T> {
    return new Promise(resolve => o.apply(v => { resolve(v); return v; }));
}
