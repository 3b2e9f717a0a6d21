#!/usr/bin/env bash
# shellcheck disable=SC2016 # single-quoted code is evaluated later (recipes, node, mmdebstrap hooks), on purpose
# Build the container images the real nodes run, with no registry: each recipe in images/ makes
# a root filesystem (Debian packages via mmdebstrap, plus files), umoci turns it into an OCI
# image with the recipe's config, skopeo writes a docker-archive tagged with the image's name.
# scripts/node-up.sh imports the archives into every node's containerd.
#
#   bash scripts/images-build.sh              # every recipe
#   IMAGES_ONLY="postgres pause" bash scripts/images-build.sh
#
# Output: <cache>/images/<recipe>.tar and <recipe>.name (the image reference). A recipe whose
# stamp (hash of the recipe, this script, the image name and every IMAGE_INPUTS file) matches is
# reused. Images of the program (postgres, kubectl) are named by the defaults of the `image` and
# `kubectlImage` keys in config/keys.ts, so the manifests users deploy run unchanged.
#
# A recipe (images/<name>.sh, sourced in a subshell) sets:
#   IMAGE_KEY or IMAGE_NAME  the config key whose default names the image, or a literal name
#   IMAGE_VARIANT            mmdebstrap variant (apt, extract, essential, ...) or "none" (empty rootfs)
#   IMAGE_PACKAGES           Debian packages to include (array)
#   IMAGE_INPUTS             files whose content goes into the stamp (array, optional)
#   IMAGE_CONFIG             `umoci config` arguments: user, env, entrypoint, cmd, stop signal (array)
#   image_essential_hook DIR optional: runs before the packages are configured (users, ids)
#   image_customize DIR      optional: runs on the finished root filesystem
# and may use IMAGE_REPO (repository root) and IMAGE_BIN (<cache>/bin, the built tools).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${POSTGRES_K8S_CACHE:-$HOME/.cache/postgres-k8s}"
OUT="$CACHE/images"
SUITE=bookworm
ONLY="${IMAGES_ONLY:-}"
export IMAGE_REPO="$ROOT" IMAGE_BIN="$CACHE/bin"

bash "$ROOT/scripts/install-node-deps.sh"
mkdir -p "$OUT"
exec 8>"$OUT/.images-build.lock"
if ! flock -n 8; then
  echo "images: another build holds $OUT/.images-build.lock; waiting for it ..."
  flock 8
fi

now() { date +%s; }

# The default of every image key in the key table (config/keys.ts), as KEY=VALUE lines.
key_defaults() {
  (cd "$ROOT" && node -r ts-node/register/transpile-only -e '
    const { configKeys } = require("./config/keys");
    for (const [k, v] of Object.entries(configKeys)) if (/image$/i.test(k)) console.log(`${k}=${v.default}`);')
}
KEY_DEFAULTS="$(key_defaults)"

# recipe_field RECIPE EXPR: evaluate EXPR with the recipe sourced, in a subshell.
# shellcheck disable=SC1090
recipe_eval() { (set -euo pipefail; source "$1"; eval "$2"); }

image_name() {
  local recipe="$1" key name
  key="$(recipe_eval "$recipe" 'echo "${IMAGE_KEY:-}"')"
  if [[ -n "$key" ]]; then
    name="$(sed -n "s/^$key=//p" <<<"$KEY_DEFAULTS")"
    [[ -n "$name" ]] || { echo "images: $recipe: config key '$key' has no image default in config/keys.ts" >&2; return 1; }
  else
    name="$(recipe_eval "$recipe" 'echo "${IMAGE_NAME:?IMAGE_KEY or IMAGE_NAME must be set}"')"
  fi
  echo "$name"
}

stamp_of() {
  local recipe="$1" name="$2"
  {
    echo "suite=$SUITE name=$name"
    cat "$recipe" "${BASH_SOURCE[0]}"
    recipe_eval "$recipe" 'for f in "${IMAGE_INPUTS[@]}"; do [[ -f "$f" ]] || { echo "missing input $f" >&2; exit 1; }; sha256sum "$f" | cut -d" " -f1; done'
  } | sha256sum | cut -d' ' -f1
}

# build RECIPE NAME: the rootfs, then the OCI layout, then the docker-archive.
build() {
  local recipe="$1" name="$2" base="$3" work
  work="$(mktemp -d "$OUT/.build-$base.XXXXXX")"
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" RETURN
  (
    set -euo pipefail
    # shellcheck disable=SC1090
    source "$recipe"
    rootfs="$work/rootfs"
    if [[ "$IMAGE_VARIANT" == none ]]; then
      mkdir -p "$rootfs"
    else
      args=(--variant="$IMAGE_VARIANT" --quiet)
      [[ ${#IMAGE_PACKAGES[@]} -gt 0 ]] && args+=(--include="$(IFS=,; echo "${IMAGE_PACKAGES[*]}")")
      if declare -F image_essential_hook >/dev/null; then
        printf '#!/usr/bin/env bash\nset -euo pipefail\nsource %q\nimage_essential_hook "$1"\n' "$recipe" >"$work/essential-hook"
        chmod +x "$work/essential-hook"
        args+=(--essential-hook="$work/essential-hook \"\$1\"")
      fi
      # Leave no apt lists or caches in the image.
      args+=(--customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*')
      mmdebstrap "${args[@]}" "$SUITE" "$rootfs"
    fi
    if declare -F image_customize >/dev/null; then image_customize "$rootfs"; fi
    umoci init --layout "$work/oci"
    umoci new --image "$work/oci:img"
    umoci unpack --image "$work/oci:img" "$work/bundle" >/dev/null
    rm -rf "$work/bundle/rootfs"
    mv "$rootfs" "$work/bundle/rootfs"
    umoci repack --image "$work/oci:img" "$work/bundle"
    umoci config --image "$work/oci:img" --os=linux --architecture=amd64 "${IMAGE_CONFIG[@]}"
    rm -f "$OUT/$base.tar.tmp"
    skopeo copy --quiet "oci:$work/oci:img" "docker-archive:$OUT/$base.tar.tmp:$name"
  )
  mv -f "$OUT/$base.tar.tmp" "$OUT/$base.tar"
}

start_all="$(now)"
built=0 reused=0
for recipe in "$ROOT"/images/*.sh; do
  base="$(basename "$recipe" .sh)"
  if [[ -n "$ONLY" && " $ONLY " != *" $base "* ]]; then continue; fi
  name="$(image_name "$recipe")"
  want="$(stamp_of "$recipe" "$name")"
  if [[ -f "$OUT/$base.tar" && "$(cat "$OUT/$base.stamp" 2>/dev/null)" == "$want" ]]; then
    echo "images: $base ($name): up to date, reused $OUT/$base.tar"
    reused=$((reused + 1))
    continue
  fi
  echo "images: $base ($name): building ..."
  t0="$(now)"
  rm -f "$OUT/$base.stamp"
  if ! build "$recipe" "$name" "$base" >"$OUT/$base.log" 2>&1; then
    tail -n 30 "$OUT/$base.log" >&2
    echo "images: $base: FAILED; log: $OUT/$base.log" >&2
    exit 1
  fi
  echo "$name" >"$OUT/$base.name"
  echo "$want" >"$OUT/$base.stamp"
  echo "$base $(($(now) - t0))" >"$OUT/$base.time"
  echo "images: $base ($name): built in $(($(now) - t0))s ($(du -h "$OUT/$base.tar" | cut -f1))"
  built=$((built + 1))
done
echo "images: built $built, reused $reused in $(($(now) - start_all))s ($OUT)"
