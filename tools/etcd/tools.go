//go:build tools

// Package tools pins the etcd server built by scripts/tools-build.sh (the version
// k8s.io/kubernetes v1.33.13 is tested against).
package tools

import (
	_ "go.etcd.io/etcd/server/v3"
)
