#!/usr/bin/env node
// The `postgres-k8s` command: the TypeScript sources run through ts-node (no build step).
require("ts-node").register({ transpileOnly: true, project: require("path").join(__dirname, "..", "tsconfig.json") });
require("./bin.ts");
