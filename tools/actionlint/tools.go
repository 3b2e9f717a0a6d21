//go:build tools

// Package tools pins actionlint, which checks .github/workflows/ (test/e2e/workflows.e2e.ts).
package tools

import (
	_ "github.com/rhysd/actionlint/cmd/actionlint"
)
