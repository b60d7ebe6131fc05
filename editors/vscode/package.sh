#!/usr/bin/env bash
# Builds the platform-specific lede extension (.vsix) with the server binary
# inside: cargo build, copy the binary to server/, npm ci, type check (tsc),
# one bundled JavaScript file (esbuild), vsce package.
# Output: editors/vscode/lede-$VSCE_TARGET.vsix (default linux-x64).
#
# For linux-x64 the binary is built for x86_64-unknown-linux-musl: static,
# so it runs on any x86-64 Linux whatever its glibc (the glibc build needs
# glibc >= 2.34). `rustup target add x86_64-unknown-linux-musl` installs the
# target's std; without it the script stops and says so. LEDE_RUST_TARGET
# overrides the Rust target (e.g. x86_64-unknown-linux-gnu for a local try).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# Prefer the Node 24 the editor tests install (vsce wants Node >= 20).
if [ -x "$ROOT/.tools/node24/node_modules/node/bin/node" ]; then
  export PATH=$ROOT/.tools/node24/node_modules/node/bin:$PATH
fi
TARGET=${VSCE_TARGET:-linux-x64}
case "$TARGET" in
  linux-x64) default_rust_target=x86_64-unknown-linux-musl ;;
  *) default_rust_target=$(rustc -vV | sed -n 's/^host: //p') ;;
esac
RUST_TARGET=${LEDE_RUST_TARGET:-$default_rust_target}

if command -v rustup >/dev/null 2>&1 && ! rustup target list --installed | grep -qx "$RUST_TARGET"; then
  echo "package.sh: the Rust target $RUST_TARGET is not installed; run: rustup target add $RUST_TARGET" >&2
  exit 1
fi
(cd "$ROOT" && cargo build --release --locked --bin lede --target "$RUST_TARGET")
target_dir=${CARGO_TARGET_DIR:-target}
case "$target_dir" in /*) ;; *) target_dir=$ROOT/$target_dir ;; esac
mkdir -p "$HERE/server"
cp "$target_dir/$RUST_TARGET/release/lede" "$HERE/server/lede"
chmod +x "$HERE/server/lede"

cd "$HERE"
# npm ci is skipped when node_modules was installed from this very package-lock.json.
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.lede-lock-sum 2>/dev/null)" != "$lock_sum" ]; then
  npm ci --no-audit --no-fund --silent
  echo "$lock_sum" > node_modules/.lede-lock-sum
fi
rm -rf out
npm run --silent compile
# The bundle holds vscode-languageclient: vsce must not add node_modules.
npx --no-install vsce package --no-dependencies --target "$TARGET" --out "lede-$TARGET.vsix"
echo "built $HERE/lede-$TARGET.vsix ($(du -h "lede-$TARGET.vsix" | cut -f1), binary for $RUST_TARGET)"
