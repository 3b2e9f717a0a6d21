/**
 * Loads the labelled peer cases in ../shared/peer-cases/policy (Gatekeeper library and
 * Kyverno policies test fixtures) and runs policies on them.
 */
import * as fs from "fs";
import * as path from "path";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { resourceArgs, runResourcePolicy, runStackPolicy, stackArgs, TestResource, urnOf } from "./policy";
import { manifestToResource, parseManifests } from "./policyManifests";

export interface PeerCase {
    /** Check folder, e.g. "service-type-nodeport". */
    check: string;
    file: string;
    kind: string;
    name: string;
    namespace?: string;
    expect: "pass" | "fail";
    anchor_check: string;
    params?: Record<string, any>;
    headline?: string;
    db_strict_expect?: "fail";
    expect_if_single_replica_exempt?: "pass";
    inventory?: { file: string; resources: string[] }[];
}

export const repoRoot = path.resolve(__dirname, "../..");
export const peerRoot = path.resolve(repoRoot, "../shared/peer-cases/policy");

export function loadPeerCases(root = peerRoot): PeerCase[] {
    return fs.readdirSync(root).filter(d => fs.existsSync(path.join(root, d, "expected.json"))).sort().flatMap(check =>
        (JSON.parse(fs.readFileSync(path.join(root, check, "expected.json"), "utf8")) as PeerCase[]).map(c => ({ ...c, check })));
}

/** Stable id of a case, used to list known disagreements. */
export function caseId(c: PeerCase): string {
    return `${c.check}: ${c.file} ${c.kind}/${c.namespace ? `${c.namespace}/` : ""}${c.name}`;
}

/**
 * The verdict a strict database pack should give: the peer's, except where the case says a
 * strict no-exposure policy must fail it, or where our single-replica exemption applies.
 */
export function expectedVerdict(c: PeerCase): "pass" | "fail" {
    return c.db_strict_expect ?? c.expect_if_single_replica_exempt ?? c.expect;
}

const parsed = new Map<string, any[]>();

function docsOf(check: string, file: string, root: string): any[] {
    const full = path.join(root, check, file);
    if (!parsed.has(full)) {
        parsed.set(full, parseManifests(fs.readFileSync(full, "utf8")));
    }
    return parsed.get(full)!;
}

/** The case's own object from its (often multi-document) file. */
export function caseResource(c: PeerCase, root = peerRoot): TestResource {
    const doc = docsOf(c.check, c.file, root).find(d =>
        d.kind === c.kind && d.metadata?.name === c.name && (c.namespace === undefined || (d.metadata?.namespace ?? "default") === c.namespace));
    if (!doc) {
        throw new Error(`${caseId(c)}: object not found in its file`);
    }
    return manifestToResource(doc);
}

/** The other objects the verdict depends on (PDBs, StorageClasses, ...). */
export function inventoryResources(c: PeerCase, root = peerRoot): TestResource[] {
    return (c.inventory ?? []).flatMap(inv => {
        const wanted = new Set(inv.resources);
        return docsOf(c.check, inv.file, root).filter(d => wanted.has(`${d.kind}/${d.metadata?.name}`)).map(d => manifestToResource(d));
    });
}

export interface PolicyRun {
    policy: ResourceValidationPolicy | StackValidationPolicy;
    config: Record<string, unknown>;
}

/**
 * "fail" when any policy reports a violation on the case's object: resource policies on it
 * alone, stack policies on it together with its inventory (violations on the inventory's own
 * objects are not the case's).
 */
export async function verdictOf(subject: TestResource, inventory: TestResource[], runs: PolicyRun[]): Promise<"pass" | "fail"> {
    for (const { policy, config } of runs) {
        const outcome = "validateStack" in policy
            ? await runStackPolicy(policy, stackArgs([subject, ...inventory], config))
            : await runResourcePolicy(policy, resourceArgs(subject, config));
        if (outcome.unknown) {
            throw new Error(`${policy.name}: ${outcome.unknown}`);
        }
        if (outcome.violations.some(v => v.urn === undefined || v.urn === urnOf(subject))) {
            return "fail";
        }
    }
    return "pass";
}
