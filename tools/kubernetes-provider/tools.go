//go:build tools

// Package tools pins pulumi-kubernetes' provider module. NOT the version the npm package
// @pulumi/kubernetes 4.34.2 wants: the Go module proxy reachable here does not serve the
// v4.34.2 commit; v4.0.0-20260115033456-f47bc2d6f199 (January 2026) is the only provider
// version it serves. See docs/toolchain.md.
//
// scripts/tools-build.sh copies the module's cmd/pulumi-resource-kubernetes (main.go,
// generate.go, schema.json, terraform-mapping.json) into a build dir with this go.mod, runs
// its own generate.go to produce the git-ignored schema-embed.json and
// terraform-mapping-embed.json, and builds it there.
package tools

import (
	_ "github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	_ "github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
	_ "github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)
