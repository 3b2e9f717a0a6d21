/**
 * Turns Kubernetes YAML into the resources a policy sees. A `kubernetes:yaml/v2:ConfigGroup`
 * registers each document as a child with the provider's type token and the whole object as
 * inputs, so the same conversion stands in for ConfigGroup children (with `parent` set).
 */
import { parseAllDocuments } from "yaml";
import { TestResource } from "./policy";

export function typeOf(apiVersion: string, kind: string): string {
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["core", apiVersion];
    return `kubernetes:${group}/${version}:${kind}`;
}

export function manifestToResource(doc: any, parent?: string): TestResource {
    const ns = doc.metadata?.namespace;
    const name = ns ? `${ns}/${doc.metadata?.name}` : doc.metadata?.name;
    return { type: typeOf(doc.apiVersion, doc.kind), name, props: doc, parent };
}

/** Every non-empty document of a multi-document YAML text. */
export function parseManifests(text: string): any[] {
    return parseAllDocuments(text).map(d => d.toJS()).filter(d => d && typeof d === "object" && d.kind);
}

/** The children a ConfigGroup named `group` registers for `text`. */
export function configGroupChildren(text: string, group = "manifests"): TestResource[] {
    const parent = `urn:pulumi:test::test::kubernetes:yaml/v2:ConfigGroup::${group}`;
    return parseManifests(text).map(d => ({ ...manifestToResource(d, parent), name: `${group}:${manifestToResource(d).name}` }));
}
