#!/usr/bin/env bash
# Assembles the root file system the Containerfile copies: the Node.js binary that runs this script's `node`,
# the shared libraries it links, and the packed hookgate installed with --omit=dev. No base image is pulled.
# Usage: scripts/container-rootfs.sh <hookgate-x.y.z.tgz> <context dir>   (then: podman build <context dir>)
set -euo pipefail
tgz=$(realpath "$1")
context=$2
rootfs="$context/rootfs"
rm -rf "$rootfs" "$context/data"
mkdir -p "$rootfs/usr/local/bin" "$rootfs/app" "$rootfs/tmp" "$context/data"
chmod 1777 "$rootfs/tmp"

node_bin=$(node -p 'process.execPath')
cp -L "$node_bin" "$rootfs/usr/local/bin/node"
# The dynamic loader and every library node links against, at the paths the binary looks for them.
for lib in $(ldd "$node_bin" | grep -o '/[^ ]*'); do
  mkdir -p "$rootfs$(dirname "$lib")"
  cp -L "$lib" "$rootfs$lib"
done

printf '{"name":"hookgate-image","private":true}\n' > "$rootfs/app/package.json"
npm install --prefix "$rootfs/app" --omit=dev --no-audit --no-fund --silent "$tgz"
cp "$(dirname "$0")/../Containerfile" "$context/Containerfile"
