//go:build tools

// Package tools pins pulumi-kubernetes' provider module at v4.0.0-20260115033456-f47bc2d6f199,
// the proxy's pseudo-version of commit f47bc2d6f199, which upstream tagged v4.25.0 (matching
// npm @pulumi/kubernetes 4.25.0). scripts/tools-build.sh stamps it 4.25.0 as upstream's
// Makefile does.
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
