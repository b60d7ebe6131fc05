#!/usr/bin/env bash
# Builds the platform-specific lede extension (.vsix for linux-x64) with the
# release binary inside: cargo build --release, copy the binary to server/,
# npm ci, tsc, vsce package. Output: editors/vscode/lede-linux-x64.vsix
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# Prefer the Node 24 the editor tests install (vsce wants Node >= 20).
if [ -x "$ROOT/.tools/node24/node_modules/node/bin/node" ]; then
  export PATH=$ROOT/.tools/node24/node_modules/node/bin:$PATH
fi
TARGET=${VSCE_TARGET:-linux-x64}

(cd "$ROOT" && cargo build --release --locked --bin lede)
mkdir -p "$HERE/server"
cp "$ROOT/target/release/lede" "$HERE/server/lede"
chmod +x "$HERE/server/lede"

cd "$HERE"
# npm ci is skipped when node_modules was installed from this very package-lock.json.
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.lede-lock-sum 2>/dev/null)" != "$lock_sum" ]; then
  npm ci --no-audit --no-fund --silent
  echo "$lock_sum" > node_modules/.lede-lock-sum
fi
rm -rf out
npx --no-install tsc -p ./
npx --no-install vsce package --target "$TARGET" --out "lede-$TARGET.vsix"
echo "built $HERE/lede-$TARGET.vsix"
