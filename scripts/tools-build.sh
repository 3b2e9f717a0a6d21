#!/usr/bin/env bash
# Build the pinned toolchain (Go modules under tools/) into a cache directory outside git.
#
#   npm run tools            # or: bash scripts/tools-build.sh
#
# Cache dir: ${POSTGRES_K8S_CACHE:-$HOME/.cache/postgres-k8s}; binaries go to <cache>/bin, the
# resource plugins into <cache>/pulumi-home (see scripts/tools-env.sh).
# Each binary gets a stamp file (<cache>/stamps/<name>.stamp) holding a hash of everything
# that determines it (its module's go.mod/go.sum and .go files, the upstream source it builds,
# package, tags, ldflags, Go version).
# A binary whose stamp matches is reused, so a second run builds nothing.
#
# Builds run one at a time, under nice, with -trimpath: the machine is small and shared.
# Environment knobs:
#   POSTGRES_K8S_CACHE   cache root (default $HOME/.cache/postgres-k8s)
#   TOOLS_NICE           nice increment for go build (default 10)
#   TOOLS_ONLY           space-separated subset of binary names to build (default: all)
#   POSTGRES_K8S_UPSTREAM  upstream sources the proxy does not serve [../shared/upstream]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${POSTGRES_K8S_CACHE:-$HOME/.cache/postgres-k8s}"
BIN="$CACHE/bin"
STAMPS="$CACHE/stamps"
LOGS="$CACHE/logs"
NICE="${TOOLS_NICE:-10}"
ONLY="${TOOLS_ONLY:-}"

mkdir -p "$BIN" "$STAMPS" "$LOGS"

# One build at a time per cache: concurrent runs (two clones, two test tiers) would write the
# same binaries and race on the Go build cache for nothing.
exec 9>"$CACHE/.tools-build.lock"
if ! flock -n 9; then
  echo "tools: another build holds $CACHE/.tools-build.lock; waiting for it ..."
  flock 9
fi

if ! command -v go >/dev/null 2>&1; then
  echo "tools: 'go' not found on PATH (Go >= 1.26 is required)" >&2
  exit 1
fi
GO_VERSION="$(go env GOVERSION)"

# Bump when the way binaries are built changes, to invalidate every stamp.
RECIPE_VERSION=1

# Upstream version metadata, passed as -ldflags -X like the upstream release builds do.
PULUMI_VERSION=v3.248.0
K8S_VERSION=v1.33.13
K8S_BUILD_DATE=2026-06-11T16:59:07Z # time of the v1.33.13 tag, for reproducible builds
ETCD_VERSION=v3.5.21
KWOK_VERSION=v0.8.0
CNPG_VERSION=v1.30.0
CNPG_COMMIT=4b5e244a7d031f67e025c83c1555e7726ecbbfa1 # the v1.30.0 tag
CNPG_BUILD_DATE=2026-06-29T16:35:18Z                 # time of the v1.30.0 tag
COREDNS_VERSION=v1.15.0
# The Barman Cloud plugin (tools/barman-cloud): v0.14.0, the last release whose dependencies the
# module proxy serves (v0.15.0 needs github.com/cloudnative-pg/barman-cloud v0.6.0: 403).
BARMAN_CLOUD_PLUGIN_VERSION=v0.14.0
# versitygw (tools/versitygw): the S3 server the plugin's backups go to on this machine.
VERSITYGW_VERSION=v1.8.0
VERSITYGW_COMMIT=fd04bc1df2656298577b82667a4195c77f8c7563 # the v1.8.0 tag
VERSITYGW_BUILD_DATE=2026-09-04T20:21:34Z                  # time of the v1.8.0 tag

k8s_ldflags() {
  local v="$K8S_VERSION" major minor
  major="${v#v}"; major="${major%%.*}"
  minor="${v#v*.}"; minor="${minor%%.*}"
  local pkg
  for pkg in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
    printf -- '-X %s.gitVersion=%s -X %s.gitMajor=%s -X %s.gitMinor=%s ' "$pkg" "$v" "$pkg" "$major" "$pkg" "$minor"
    printf -- '-X %s.gitTreeState=clean -X %s.buildDate=%s ' "$pkg" "$pkg" "$K8S_BUILD_DATE"
  done
  printf -- '-s -w'
}

# Where ../shared/upstream is: unmodified upstream sources the Go module proxy does not serve.
UPSTREAM="${POSTGRES_K8S_UPSTREAM:-$ROOT/../shared/upstream}"
# Resource plugins are installed into this PULUMI_HOME (never on PATH, where the CLI would warn
# "using pulumi-resource-... from $PATH"); scripts/tools-env.sh points PULUMI_HOME at it.
PULUMI_HOME_DIR="$CACHE/pulumi-home"

KUBERNETES_PROVIDER_VERSION=4.25.0
# The proxy's pseudo-version of pulumi-kubernetes commit f47bc2d6f199, tagged v4.25.0 upstream.
KUBERNETES_PROVIDER_MODULE=v4.0.0-20260115033456-f47bc2d6f199
RANDOM_PROVIDER_VERSION=4.21.1
ACTIONLINT_VERSION=v1.7.12

# name | module dir under tools/ ("-": none) | package | tags | ldflags | version command(s) |
# expected in its output (";"-separated, all must occur) | environment of the build (optional) |
# install (optional)
# (-trimpath keeps -ldflags out of the build info, so the providers' -X stamp cannot be read back
# with `go version -m`; their embedded schema carries the same version, written by go generate.)
#
# package forms:
#   <import path>             built in tools/<module dir>
#   module:<module path>:<package>
#                             built inside that module's own directory (fetched and checked
#                             against the tools/ module's go.sum) with the module's own
#                             go.mod/go.sum, as its upstream release is: tools/ only pins the version
#   embed:<import path>       a main whose //go:embed'ed files are generated and not in the module
#                             zip: its dir is copied from the module cache into <cache>/build/<name>
#                             with tools/<module dir>'s go.mod/go.sum, its `go generate` runs there
#   upstream:<dir>            <dir> under $UPSTREAM, built in place with -modfile=tools/<module
#                             dir>/go.mod (upstream's own go.mod replaces sibling folders)
#   upstream-generate:<module dir>:<cmd dir>
#                             <module dir> under $UPSTREAM copied to <cache>/build/<name> with its
#                             own go.mod; `go generate` in <cmd dir>, then <cmd dir> is built
# install: empty (<cache>/bin, on PATH) or "resource:<plugin>:<version>" (`pulumi plugin install
# resource <plugin> <version> --file` into $PULUMI_HOME_DIR).
TARGETS=(
  "pulumi|pulumi|github.com/pulumi/pulumi/pkg/v3/cmd/pulumi|osusergo,grpcnotrace|-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION|version|$PULUMI_VERSION"
  "pulumi-language-nodejs|pulumi-language-nodejs|upstream:pulumi-language-nodejs/sdk/nodejs/cmd/pulumi-language-nodejs||-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION|-version|$PULUMI_VERSION"
  "pulumi-resource-random|-|upstream-generate:pulumi-random/provider:cmd/pulumi-resource-random||-s -w -X github.com/pulumi/pulumi-random/provider/v4/pkg/version.Version=$RANDOM_PROVIDER_VERSION|:contains|\"version\":\"$RANDOM_PROVIDER_VERSION\"||resource:random:$RANDOM_PROVIDER_VERSION"
  "pulumi-resource-kubernetes|kubernetes-provider|embed:github.com/pulumi/pulumi-kubernetes/provider/v4/cmd/pulumi-resource-kubernetes||-s -w -X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$KUBERNETES_PROVIDER_VERSION|:go-version-m;:contains|github.com/pulumi/pulumi-kubernetes/provider/v4	$KUBERNETES_PROVIDER_MODULE;\"version\":\"$KUBERNETES_PROVIDER_VERSION\"||resource:kubernetes:$KUBERNETES_PROVIDER_VERSION"
  "etcd|etcd|go.etcd.io/etcd/server/v3||-s -w|--version|etcd Version: ${ETCD_VERSION#v}"
  "kube-apiserver|kubernetes|k8s.io/kubernetes/cmd/kube-apiserver||$(k8s_ldflags)|--version|Kubernetes $K8S_VERSION"
  "kube-controller-manager|kubernetes|k8s.io/kubernetes/cmd/kube-controller-manager||$(k8s_ldflags)|--version|Kubernetes $K8S_VERSION"
  "kube-scheduler|kubernetes|k8s.io/kubernetes/cmd/kube-scheduler||$(k8s_ldflags)|--version|Kubernetes $K8S_VERSION"
  "kwok|kwok|sigs.k8s.io/kwok/cmd/kwok||-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$KWOK_VERSION -X sigs.k8s.io/kwok/pkg/consts.KubeVersion=${K8S_VERSION#v}|--version|${KWOK_VERSION#v}"
  "cnpg-manager|cnpg|module:github.com/cloudnative-pg/cloudnative-pg:./cmd/manager||-s -w -X github.com/cloudnative-pg/cloudnative-pg/pkg/versions.buildVersion=${CNPG_VERSION#v} -X github.com/cloudnative-pg/cloudnative-pg/pkg/versions.buildCommit=$CNPG_COMMIT -X github.com/cloudnative-pg/cloudnative-pg/pkg/versions.buildDate=$CNPG_BUILD_DATE|version|Version:${CNPG_VERSION#v} Commit:$CNPG_COMMIT|CGO_ENABLED=0"
  # Real nodes (scripts/node-up.sh) and the images they run (scripts/images-build.sh). kubectl and
  # coredns run in containers: netgo,osusergo give them Go's own resolver and user lookup.
  "kubelet|kubernetes|k8s.io/kubernetes/cmd/kubelet||$(k8s_ldflags)|--version|Kubernetes $K8S_VERSION"
  "kube-proxy|kubernetes|k8s.io/kubernetes/cmd/kube-proxy||$(k8s_ldflags)|--version|Kubernetes $K8S_VERSION"
  "kubectl|kubernetes|k8s.io/kubernetes/cmd/kubectl|netgo,osusergo|$(k8s_ldflags)|version|Client Version: $K8S_VERSION"
  "coredns|coredns|github.com/postgres-k8s/tools/coredns|netgo,osusergo|-s -w -X github.com/coredns/coredns/coremain.GitCommit=$COREDNS_VERSION|-version|CoreDNS-${COREDNS_VERSION#v}"
  # The Barman Cloud plugin: one binary, `/manager` of both upstream images (containers/
  # Dockerfile.plugin: `manager operator`; Dockerfile.sidecar: `manager instance`/`restore` beside
  # the barman-cloud Python tools). Upstream builds it with CGO_ENABLED=0 and no -X stamp (its
  # version is the constant internal/cnpgi/metadata Version) and it has no version flag, so the
  # check is the module version Go records in the binary.
  "barman-cloud-manager|barman-cloud|github.com/cloudnative-pg/plugin-barman-cloud/cmd/manager||-s -w|:go-version-m|github.com/cloudnative-pg/plugin-barman-cloud	$BARMAN_CLOUD_PLUGIN_VERSION|CGO_ENABLED=0"
  # A real S3 server (not a mock) that runs on 127.0.0.1: versitygw's posix backend. Release flags
  # of its .goreleaser.yaml (CGO_ENABLED=0, -X main.Version/Build/BuildTime), the tag's time as
  # BuildTime.
  "versitygw|versitygw|github.com/versity/versitygw/cmd/versitygw||-s -w -X main.Version=${VERSITYGW_VERSION#v} -X main.Build=$VERSITYGW_COMMIT -X main.BuildTime=$VERSITYGW_BUILD_DATE|--version|Version  : ${VERSITYGW_VERSION#v}|CGO_ENABLED=0"
  "actionlint|actionlint|github.com/rhysd/actionlint/cmd/actionlint||-s -w|-version|$ACTIONLINT_VERSION"
)

now() { date +%s; }
fmt_secs() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

# upstream_dir PKG: the $UPSTREAM folder an upstream:/upstream-generate: package is built from.
upstream_dir() {
  local spec="${1#*:}"
  echo "$UPSTREAM/${spec%%:*}"
}

stamp_of() {
  local moddir="$1" pkg="$2" tags="$3" ldflags="$4" env="$5"
  {
    echo "recipe=$RECIPE_VERSION go=$GO_VERSION goos=$(go env GOOS) goarch=$(go env GOARCH)"
    echo "pkg=$pkg tags=$tags ldflags=$ldflags env=$env"
    if [[ "$moddir" != "-" ]]; then
      cat "$ROOT/tools/$moddir/go.mod" "$ROOT/tools/$moddir/go.sum"
      # the module's own sources (tools.go, or code of the project's own such as tools/coredns)
      find "$ROOT/tools/$moddir" -name '*.go' -print0 | LC_ALL=C sort -z | xargs -0 -r cat
    fi
    if [[ "$pkg" == upstream* ]]; then
      # every file of the upstream source that is built
      (cd "$(upstream_dir "$pkg")" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 cat)
    fi
  } | sha256sum | cut -d' ' -f1
}

# version_of LDFLAGS: the -X ...version.Version value, which pulumi providers' generate.go reads
# as VERSION to stamp the embedded schema.
version_of() { sed -n 's/.*version\.Version=\([^ ]*\).*/\1/p' <<<"$1"; }

# module_dir MODDIR MODPATH: the source directory of MODPATH at the version tools/MODDIR pins,
# downloaded first: `go list -m` alone prints an empty Dir for a module that the module cache
# does not hold yet (a fresh machine).
module_dir() {
  local dir
  dir="$(cd "$ROOT/tools/$1" && go mod download "$2" && go list -m -f '{{.Dir}}' "$2")" || return 1
  [[ -n "$dir" ]] || { echo "tools: no source directory for $2 (tools/$1)" >&2; return 1; }
  echo "$dir"
}

# prepare_embed_build NAME MODDIR PKGPATH LDFLAGS: <cache>/build/NAME = tools/MODDIR's go.mod and
# go.sum + the files of PKGPATH from the module cache, then the package's own `go generate`.
prepare_embed_build() {
  local name="$1" moddir="$2" pkgpath="$3" ldflags="$4" dir src
  dir="$CACHE/build/$name"
  src="$(cd "$ROOT/tools/$moddir" && go list -e -f '{{.Dir}}' "$pkgpath")"
  rm -rf "$dir"
  mkdir -p "$dir"
  cp "$ROOT/tools/$moddir/go.mod" "$ROOT/tools/$moddir/go.sum" "$dir/"
  cp "$src"/* "$dir/" 2>/dev/null || true
  chmod -R u+w "$dir"
  rm -f "$dir"/*_test.go
  (cd "$dir" && VERSION="$(version_of "$ldflags")" nice -n "$NICE" go generate .)
}

# prepare_upstream_generate NAME SRC CMD LDFLAGS: <cache>/build/NAME = a copy of the upstream
# module folder SRC (the upstream files stay untouched), then `go generate` in CMD.
prepare_upstream_generate() {
  local name="$1" src="$2" cmd="$3" ldflags="$4" dir
  dir="$CACHE/build/$name"
  rm -rf "$dir"
  mkdir -p "$(dirname "$dir")"
  cp -r "$src" "$dir"
  chmod -R u+w "$dir"
  (cd "$dir/$cmd" && VERSION="$(version_of "$ldflags")" nice -n "$NICE" go generate .)
}

# install_plugin KIND NAME VERSION FILE: the CLI's own install into $PULUMI_HOME_DIR.
install_plugin() {
  if [[ ! -x "$BIN/pulumi" ]]; then
    echo "tools: cannot install the $2 plugin: $BIN/pulumi is not built (TOOLS_ONLY without pulumi?)" >&2
    return 1
  fi
  PULUMI_HOME="$PULUMI_HOME_DIR" PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_REGISTRY_RESOLVE=true \
    "$BIN/pulumi" plugin install "$1" "$2" "$3" --file "$4" --reinstall
}

# heartbeat PID WHAT: a progress line every minute while a long build runs.
heartbeat() {
  local pid="$1" what="$2" t0
  t0="$(now)"
  while sleep 60 && kill -0 "$pid" 2>/dev/null; do
    echo "    ... $what: still building ($(fmt_secs $(($(now) - t0))))"
  done
}

wanted() {
  [[ -z "$ONLY" ]] && return 0
  local n
  for n in $ONLY; do [[ "$n" == "$1" ]] && return 0; done
  return 1
}

total_start="$(now)"
built=0
reused=0
i=0
n_targets="${#TARGETS[@]}"
echo "tools: cache $CACHE ($GO_VERSION, nice $NICE)"
for entry in "${TARGETS[@]}"; do
  IFS='|' read -r name moddir pkg tags ldflags vcmd vexpect env install <<<"$entry"
  i=$((i + 1))
  wanted "$name" || continue
  if [[ "$install" == resource:* ]]; then
    IFS=':' read -r _ plugin version <<<"$install"
    out="$PULUMI_HOME_DIR/plugins/resource-$plugin-v$version/$name"
  else
    out="$BIN/$name"
  fi
  # a missing upstream source is said plainly, before stamp_of (which hashes it) fails on it
  if [[ "$pkg" == upstream* && ! -d "$(upstream_dir "$pkg")" ]]; then
    echo "[$i/$n_targets] $name: FAILED: $(upstream_dir "$pkg") is missing (clone the project with ../shared beside it, or set POSTGRES_K8S_UPSTREAM)" >&2
    exit 1
  fi
  stampfile="$STAMPS/$name.stamp"
  want="$(stamp_of "$moddir" "$pkg" "$tags" "$ldflags" "$env")"
  if [[ -x "$out" && -f "$stampfile" && "$(cat "$stampfile")" == "$want" ]]; then
    echo "[$i/$n_targets] $name: up to date, reused cache ($out)"
    reused=$((reused + 1))
    continue
  fi
  echo "[$i/$n_targets] $name: building ${pkg#embed:} ..."
  start="$(now)"
  log="$LOGS/$name.log"
  : >"$log"
  mkdir -p "$CACHE/build"
  tmp="$CACHE/build/$name.bin"
  args=(build -trimpath -o "$tmp" -ldflags "$ldflags")
  [[ -n "$tags" ]] && args+=(-tags "$tags")
  workdir="$ROOT/tools/$moddir"
  target="$pkg"
  prepare=()
  case "$pkg" in
    embed:*)
      prepare=(prepare_embed_build "$name" "$moddir" "${pkg#embed:}" "$ldflags")
      workdir="$CACHE/build/$name" target=. ;;
    upstream:*)
      workdir="$(upstream_dir "$pkg")" target=.
      args+=(-modfile "$ROOT/tools/$moddir/go.mod") ;;
    module:*)
      IFS=':' read -r _ modpath target <<<"$pkg"
      if ! workdir="$(module_dir "$moddir" "$modpath" 2>>"$log")"; then
        echo "[$i/$n_targets] $name: FAILED fetching $modpath; log: $log" >&2
        tail -n 30 "$log" >&2
        exit 1
      fi ;;
    upstream-generate:*)
      IFS=':' read -r _ src cmd <<<"$pkg"
      prepare=(prepare_upstream_generate "$name" "$UPSTREAM/$src" "$cmd" "$ldflags")
      workdir="$CACHE/build/$name" target="./$cmd" ;;
  esac
  if ((${#prepare[@]} > 0)) && ! "${prepare[@]}" >>"$log" 2>&1; then
    echo "[$i/$n_targets] $name: FAILED preparing the build dir; log: $log" >&2
    tail -n 30 "$log" >&2
    exit 1
  fi
  # shellcheck disable=SC2086 # env is a list of VAR=value words
  (cd "$workdir" && GOWORK=off exec env $env nice -n "$NICE" go "${args[@]}" "$target") >>"$log" 2>&1 &
  build_pid=$!
  heartbeat "$build_pid" "$name" &
  beat_pid=$!
  build_status=0
  wait "$build_pid" || build_status=$?
  kill "$beat_pid" 2>/dev/null || true
  wait "$beat_pid" 2>/dev/null || true
  if ((build_status != 0)); then
    echo "[$i/$n_targets] $name: FAILED after $(fmt_secs $(($(now) - start))); log: $log" >&2
    tail -n 30 "$log" >&2
    rm -f "$tmp"
    exit 1
  fi
  # ";"-separated expectations, each checked with the version command of the same position
  # (or the only one).
  IFS=';' read -r -a expected <<<"$vexpect"
  IFS=';' read -r -a vcmds <<<"$vcmd"
  for k in "${!expected[@]}"; do
    if ! bash "$ROOT/scripts/tools-check-version.sh" "$tmp" "${vcmds[k]:-${vcmds[0]}}" "${expected[k]}"; then
      echo "[$i/$n_targets] $name: built, but it is not the pinned version" >&2
      rm -f "$tmp"
      exit 1
    fi
  done
  if [[ "$install" == resource:* ]]; then
    if ! install_plugin resource "$plugin" "$version" "$tmp" >>"$log" 2>&1; then
      echo "[$i/$n_targets] $name: FAILED to install the plugin; log: $log" >&2
      tail -n 30 "$log" >&2
      exit 1
    fi
    rm -f "$tmp"
  else
    mv -f "$tmp" "$out"
  fi
  echo "$want" >"$stampfile"
  secs=$(($(now) - start))
  echo "$name $secs" >"$STAMPS/$name.time"
  echo "[$i/$n_targets] $name: built in $(fmt_secs "$secs") ($(du -h "$out" | cut -f1)) -> $out"
  built=$((built + 1))
done

# pulumi-resource-pulumi-nodejs: the plugin the CLI starts for Node.js dynamic providers
# (pulumi.dynamic.Resource). Upstream ships it as a shell script next to the CLI, not as Go
# code; it runs @pulumi/pulumi's dynamic-provider entry point from the program's node_modules.
if wanted pulumi; then
  cat >"$BIN/pulumi-resource-pulumi-nodejs.tmp" <<'EOF'
#!/bin/sh
# Written by postgres-k8s scripts/tools-build.sh: runs Node.js dynamic providers.
exec node ./node_modules/@pulumi/pulumi/cmd/dynamic-provider "$@"
EOF
  chmod 0755 "$BIN/pulumi-resource-pulumi-nodejs.tmp"
  mv -f "$BIN/pulumi-resource-pulumi-nodejs.tmp" "$BIN/pulumi-resource-pulumi-nodejs"
fi
# Earlier recipes put providers on PATH, where the CLI would prefer them to the installed plugins.
rm -f "$BIN/pulumi-resource-kubernetes" "$BIN/pulumi-resource-random"

# kwok needs its Stage configuration (the default node and pod stages kwokctl uses); copy
# them from the pinned kwok module so scripts/cluster-up.sh does not depend on the module cache.
if wanted kwok; then
  stages="$CACHE/share/kwok/stages"
  kwok_dir="$(module_dir kwok sigs.k8s.io/kwok)"
  mkdir -p "$stages"
  for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
    pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
    install -m 0644 "$kwok_dir/kustomize/stage/$f" "$stages/$(basename "$f")"
  done
fi

# The CloudNativePG tier installs what the operator's release installs (its CRDs, RBAC and
# webhook configurations: the release manifest), the Barman Cloud plugin's ObjectStore CRD and
# prometheus-operator's PodMonitor CRD, copied from the pinned modules (tools/cnpg) so the tests
# never depend on the module cache.
if wanted cnpg-manager; then
  share="$CACHE/share/cnpg"
  cnpg_dir="$(module_dir cnpg github.com/cloudnative-pg/cloudnative-pg)"
  plugin_dir="$(module_dir cnpg github.com/cloudnative-pg/plugin-barman-cloud)"
  prometheus_dir="$(module_dir cnpg github.com/prometheus-operator/prometheus-operator)"
  rm -rf "$share"
  mkdir -p "$share/crds" "$share/monitoring-crds"
  install -m 0644 "$cnpg_dir/releases/cnpg-${CNPG_VERSION#v}.yaml" "$share/release.yaml"
  install -m 0644 "$cnpg_dir"/config/crd/bases/*.yaml "$plugin_dir"/config/crd/bases/*.yaml "$share/crds/"
  install -m 0644 "$prometheus_dir/example/prometheus-operator-crd/monitoring.coreos.com_podmonitors.yaml" "$share/monitoring-crds/"
  (cd "$ROOT/tools/cnpg" && go list -m -f '{{.Path}} {{.Version}}' github.com/cloudnative-pg/cloudnative-pg \
    github.com/cloudnative-pg/plugin-barman-cloud github.com/prometheus-operator/prometheus-operator) >"$share/VERSIONS"
fi

# The Barman Cloud plugin's own release manifest (v0.14.0 manifest.yaml, the kustomize render:
# ObjectStore CRD, RBAC, the SIDECAR_IMAGE Secret, Service `barman-cloud` with the annotations the
# operator discovers plugins by, Deployment, cert-manager Issuer and Certificates), copied from the
# pinned module (tools/barman-cloud) for test/cnpg/plugin.ts.
if wanted barman-cloud-manager; then
  share="$CACHE/share/barman-cloud"
  barman_dir="$(module_dir barman-cloud github.com/cloudnative-pg/plugin-barman-cloud)"
  mkdir -p "$share"
  install -m 0644 "$barman_dir/manifest.yaml" "$share/manifest.yaml"
  (cd "$ROOT/tools/barman-cloud" && go list -m -f '{{.Path}} {{.Version}}' github.com/cloudnative-pg/plugin-barman-cloud) >"$share/VERSION"
fi

elapsed=$(($(now) - total_start))
if [[ "$built" -eq 0 ]]; then
  echo "tools: nothing to build, reused the cache for $reused binaries in $(fmt_secs "$elapsed") ($BIN)"
else
  echo "tools: built $built, reused $reused in $(fmt_secs "$elapsed") ($BIN)"
fi
