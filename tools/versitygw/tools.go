//go:build tools

// Package tools pins versitygw v1.8.0 (Apache-2.0), a real S3 server (the gateway's "posix"
// backend keeps buckets as directories and objects as files), built by scripts/tools-build.sh
// as the local S3-compatible object store the Barman Cloud plugin's backups are written to:
// `versitygw --access K --secret S --port 127.0.0.1:PORT posix --sidecar META DIR` (META outside
// DIR and not a string prefix of it either: v1.8.0 refuses `DIR-meta` beside `DIR` as "inside the
// gateway root directory").
package tools

import (
	_ "github.com/versity/versitygw/cmd/versitygw"
)
