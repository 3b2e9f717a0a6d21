// Command coredns is CoreDNS v1.15.0 (github.com/coredns/coredns, pinned in go.mod) built with the
// plugins a Kubernetes cluster's Corefile uses (kubeadm's default Corefile, scripts/manifests/
// coredns.yaml), the way CoreDNS documents compile-time plugin selection: the upstream main with
// a shorter plugin list. The full list pulls in every cloud provider's SDK for plugins no cluster
// DNS here needs, which triples the build on two cores.
package main

import (
	"github.com/coredns/coredns/core/dnsserver"
	"github.com/coredns/coredns/coremain"

	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/forward"
	_ "github.com/coredns/coredns/plugin/health"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/loadbalance"
	_ "github.com/coredns/coredns/plugin/log"
	_ "github.com/coredns/coredns/plugin/loop"
	_ "github.com/coredns/coredns/plugin/metrics"
	_ "github.com/coredns/coredns/plugin/ready"
	_ "github.com/coredns/coredns/plugin/reload"
	_ "github.com/coredns/coredns/plugin/whoami"
)

// directives: the plugins above in upstream's order (core/dnsserver/zdirectives.go), which is the
// order a query passes through them.
var directives = []string{
	"reload",
	"ready",
	"health",
	"prometheus",
	"errors",
	"log",
	"loadbalance",
	"cache",
	"kubernetes",
	"loop",
	"forward",
	"whoami",
}

func init() {
	dnsserver.Directives = directives
}

func main() {
	coremain.Run()
}
