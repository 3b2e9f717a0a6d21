//go:build tools

// Package tools pins the CloudNativePG Barman Cloud plugin v0.14.0, built by
// scripts/tools-build.sh as barman-cloud-manager: one binary that is both the operator-side
// plugin (`manager operator`) and the instance sidecar (`manager instance`, `manager restore`).
// v0.14.0 rather than v0.15.0 (whose CRD tools/cnpg pins): v0.15.0 needs
// github.com/cloudnative-pg/barman-cloud v0.6.0, which the module proxy here refuses; v0.14.0's
// barman-cloud v0.5.2-0.20260720143032-950b0f57e122 is served. It is its own module because its
// graph differs from tools/cnpg's (which excludes barman-cloud v0.6.0).
package tools

import (
	_ "github.com/cloudnative-pg/plugin-barman-cloud/cmd/manager"
)
