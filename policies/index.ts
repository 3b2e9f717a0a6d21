// Entry point for `pulumi preview --policy-pack policies`: constructing the pack starts the
// policy server, so tests import ./all (or a single policy module), never this file.
import { PolicyPack } from "@pulumi/policy";
import { allPolicies } from "./all";

new PolicyPack("postgres-k8s", { policies: allPolicies });
