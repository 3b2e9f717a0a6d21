//go:build tools

// Package tools pins CoreDNS, the cluster DNS that scripts/images builds into an image for the
// real nodes of the local cluster.
package tools

import (
	_ "github.com/coredns/coredns"
)
