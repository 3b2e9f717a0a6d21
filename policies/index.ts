// Entry point for `pulumi preview --policy-pack policies` (compiled to bin/index.js): constructing
// the pack starts the policy server, so tests import ./all (or a single policy module), never this file.
import { PolicyPack } from "@pulumi/policy";
import { allPolicies } from "./all";
import { assertCompiledPackIsCurrent } from "./lib/freshness";

assertCompiledPackIsCurrent(__filename);
new PolicyPack("postgres-k8s", { policies: allPolicies });
