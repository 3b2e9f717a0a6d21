#!/usr/bin/env bash
# Debian packages the real nodes of the local cluster and the image builder need, installed
# only when missing (apt-get update first, once): containerd, runc, the CNI plugins, iptables,
# conntrack, socat (the API relay); mmdebstrap, umoci and skopeo for the images; gcc for the static pause binary.
#
#   bash scripts/install-node-deps.sh
set -euo pipefail

# command | Debian package
NEEDED=(
  "containerd|containerd"
  "runc|runc"
  "/usr/lib/cni/bridge|containernetworking-plugins"
  "iptables|iptables"
  "conntrack|conntrack"
  "socat|socat"
  "mmdebstrap|mmdebstrap"
  "umoci|umoci"
  "skopeo|skopeo"
  "gcc|gcc"
  "/usr/lib/x86_64-linux-gnu/libc.a|libc6-dev"
  "nsenter|util-linux"
  "openssl|openssl"
)

missing=()
for entry in "${NEEDED[@]}"; do
  IFS='|' read -r cmd pkg <<<"$entry"
  if [[ "$cmd" == /* ]]; then [[ -e "$cmd" ]] && continue; else command -v "$cmd" >/dev/null 2>&1 && continue; fi
  missing+=("$pkg")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi
if [[ "$(id -u)" -ne 0 ]]; then
  echo "node-deps: missing ${missing[*]}; run as root (apt-get install)" >&2
  exit 1
fi
echo "node-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# No init system here: packaged services (containerd) must not be started by their postinst.
policy="/usr/sbin/policy-rc.d"
created_policy=0
if [[ ! -e "$policy" ]]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 0755 "$policy"
  created_policy=1
fi
status=0
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || status=$?
[[ $created_policy -eq 1 ]] && rm -f "$policy"
exit "$status"
