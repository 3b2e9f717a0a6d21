/**
 * Runs policies the way the policy server does, for unit tests: props pass through the
 * unknown-checking proxy, `notApplicable` and unknown values are recorded rather than thrown.
 * Follows the assertion helpers of pulumi/compliance-policies (`unit-test-helpers`), but
 * messages are compared exactly.
 */
import * as assert from "assert";
import {
    PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs,
    StackValidationPolicy, unknownCheckingProxy,
} from "@pulumi/policy";
import { isUnknownValueError } from "../../policies/lib/unknowns";

/** The sentinel the engine sends for a value that is unknown during preview. */
export const UNKNOWN: string = require("@pulumi/policy/proxy").unknownStringValue;

class NotApplicable extends Error {
    constructor(public readonly reason: string) {
        super(reason);
    }
}

const OPTIONS = {
    protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
};

export interface TestResource {
    type: string;
    props: Record<string, any>;
    name?: string;
    urn?: string;
    parent?: string;
}

export function urnOf(r: TestResource): string {
    return r.urn ?? `urn:pulumi:test::test::${r.type}::${r.name ?? "res"}`;
}

function common(config: Record<string, unknown> | undefined, stackTags: Record<string, string> | undefined) {
    return {
        stackTags: new Map(Object.entries(stackTags ?? {})) as ReadonlyMap<string, string>,
        getConfig: <T>() => ({ ...(config ?? {}) }) as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason ?? "");
        },
    };
}

export function resourceArgs(
    r: TestResource, config?: Record<string, unknown>, stackTags?: Record<string, string>,
): ResourceValidationArgs {
    const props = unknownCheckingProxy(JSON.parse(JSON.stringify(r.props)));
    return {
        type: r.type, props, urn: urnOf(r), name: r.name ?? "res",
        opts: { ...OPTIONS, parent: r.parent },
        isType: () => false, asType: () => undefined,
        ...common(config, stackTags),
    } as ResourceValidationArgs;
}

export function stackArgs(
    resources: TestResource[], config?: Record<string, unknown>, stackTags?: Record<string, string>,
): StackValidationArgs {
    const policyResources: PolicyResource[] = resources.map(r => ({
        type: r.type, props: unknownCheckingProxy(JSON.parse(JSON.stringify(r.props))), urn: urnOf(r),
        name: r.name ?? "res", opts: { ...OPTIONS, parent: r.parent }, dependencies: [], propertyDependencies: {},
        isType: () => false, asType: () => undefined,
    }));
    return { resources: policyResources, ...common(config, stackTags) };
}

export interface Violation {
    message: string;
    urn?: string;
}

/** What one policy run produced: violations, and why it stopped early if it did. */
export interface Outcome {
    violations: Violation[];
    notApplicable?: string;
    /** Set when the policy hit a value unknown during preview (the engine reports it as advisory). */
    unknown?: string;
}

async function capture(run: (report: (message: string, urn?: string) => void) => unknown): Promise<Outcome> {
    const outcome: Outcome = { violations: [] };
    try {
        await run((message, urn) => outcome.violations.push(urn === undefined ? { message } : { message, urn }));
    } catch (e) {
        if (e instanceof NotApplicable) {
            outcome.notApplicable = e.reason;
        } else if (isUnknownValueError(e)) {
            outcome.unknown = e.message;
        } else {
            throw e;
        }
    }
    return outcome;
}

export async function runResourcePolicy(policy: ResourceValidationPolicy, args: ResourceValidationArgs): Promise<Outcome> {
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource!];
    return capture(async report => {
        for (const v of validations) {
            await v(args, report);
        }
    });
}

export async function runStackPolicy(policy: StackValidationPolicy, args: StackValidationArgs): Promise<Outcome> {
    return capture(report => policy.validateStack(args, report));
}

function explain(o: Outcome): string {
    return JSON.stringify(o, null, 2);
}

/** The policy ran to the end and reported exactly these messages. */
export function assertViolations(outcome: Outcome, messages: string[]): void {
    assert.strictEqual(outcome.notApplicable, undefined, `policy was not applicable: ${explain(outcome)}`);
    assert.strictEqual(outcome.unknown, undefined, `policy hit an unknown value: ${explain(outcome)}`);
    assert.deepStrictEqual(outcome.violations.map(v => v.message), messages);
}

export async function assertHasResourceViolation(policy: ResourceValidationPolicy, args: ResourceValidationArgs, ...messages: string[]) {
    assertViolations(await runResourcePolicy(policy, args), messages);
}

export async function assertNoResourceViolations(policy: ResourceValidationPolicy, args: ResourceValidationArgs) {
    assertViolations(await runResourcePolicy(policy, args), []);
}

export async function assertNotApplicable(policy: ResourceValidationPolicy, args: ResourceValidationArgs, reason: string) {
    const outcome = await runResourcePolicy(policy, args);
    assert.deepStrictEqual(outcome, { violations: [], notApplicable: reason });
}

/** The policy did not pass silently: it stopped on the unknown value at `path` (after `messages`). */
export async function assertUnknownDuringPreview(
    policy: ResourceValidationPolicy | StackValidationPolicy, args: ResourceValidationArgs | StackValidationArgs,
    path: string, ...messages: string[]
) {
    const outcome = "validateStack" in policy
        ? await runStackPolicy(policy, args as StackValidationArgs)
        : await runResourcePolicy(policy, args as ResourceValidationArgs);
    assert.strictEqual(outcome.unknown, `string value at .${path} can't be known during preview`, explain(outcome));
    assert.deepStrictEqual(outcome.violations.map(v => v.message), messages);
}

export async function assertHasStackViolation(policy: StackValidationPolicy, args: StackValidationArgs, ...expected: Violation[]) {
    const outcome = await runStackPolicy(policy, args);
    assert.strictEqual(outcome.unknown, undefined, explain(outcome));
    assert.deepStrictEqual(outcome.violations, expected);
}

export async function assertNoStackViolations(policy: StackValidationPolicy, args: StackValidationArgs) {
    await assertHasStackViolation(policy, args);
}

/** Runs the policy's remediation and returns the new props (undefined when it changed nothing). */
export async function remediate(policy: ResourceValidationPolicy, args: ResourceValidationArgs): Promise<any> {
    assert.ok(policy.remediateResource, `${policy.name} has no remediateResource`);
    return policy.remediateResource(args);
}
