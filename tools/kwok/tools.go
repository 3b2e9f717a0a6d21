//go:build tools

// Package tools pins kwok, which simulates nodes and pod status, built by scripts/tools-build.sh.
package tools

import (
	_ "sigs.k8s.io/kwok/cmd/kwok"
)
