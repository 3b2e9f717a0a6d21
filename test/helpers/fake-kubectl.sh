# shellcheck shell=bash
# Stand-in for the pods' static kubectl (prefixed with `api=<dir>` by pgPod.ts): one shared
# "API server" per test cluster, a directory. Supports exactly the calls the pod scripts make:
#   label pod NAME KEY=VALUE --overwrite                       -> $api/NAME holds VALUE
#   get configmap NAME -o jsonpath={.data.KEY}                 -> prints $api/configmap.NAME.KEY
#   patch configmap NAME --type merge -p {"data":{"KEY":"V"}}  -> writes $api/configmap.NAME.KEY
# An `$api/api-down` file makes every call fail, as an unreachable API server does.
set -euo pipefail
: "${api:?set by pgPod.ts}"
printf '%s\n' "$*" >>"$api/kubectl-calls.log"
[[ ! -e "$api/api-down" ]] || { echo "fake kubectl: the API server is unreachable" >&2; exit 1; }
args="$*"
get_re='^get configmap ([a-z0-9.-]+) -o jsonpath=\{\.data\.([a-z]+)\}$'
patch_re='^patch configmap ([a-z0-9.-]+) --type merge -p \{"data":\{"([a-z]+)":"([^"]*)"\}\}$'
label_re='^label pod ([a-z0-9.-]+) [^=]+=([a-z]+) --overwrite$'
if [[ "$args" =~ $label_re ]]; then
    printf '%s\n' "${BASH_REMATCH[2]}" >"$api/${BASH_REMATCH[1]}"
elif [[ "$args" =~ $get_re ]]; then
    f="$api/configmap.${BASH_REMATCH[1]}.${BASH_REMATCH[2]}"
    if [[ -f "$f" ]]; then cat "$f"; fi
elif [[ "$args" =~ $patch_re ]]; then
    printf '%s' "${BASH_REMATCH[3]}" >"$api/configmap.${BASH_REMATCH[1]}.${BASH_REMATCH[2]}"
else
    echo "fake kubectl: unsupported: $*" >&2
    exit 2
fi
