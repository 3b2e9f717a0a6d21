//go:build tools

// Package tools pins the CloudNativePG operator, built by scripts/tools-build.sh, and the
// modules whose CRDs the CloudNativePG tier installs: the Barman Cloud plugin's ObjectStore (the
// plugin binary itself cannot be built here: see go.mod) and prometheus-operator's PodMonitor,
// at the version of the monitoring API the operator is built with. Their blank imports keep
// the modules required.
package tools

import (
	_ "github.com/cloudnative-pg/cloudnative-pg/cmd/manager"
	_ "github.com/cloudnative-pg/plugin-barman-cloud/api/v1"
	_ "github.com/prometheus-operator/prometheus-operator/pkg/versionutil"
)
