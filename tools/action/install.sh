#!/usr/bin/env bash
# The GitHub Action's install step (action.yml): `cargo install --locked` of
# the action's own revision into $LEDE_ROOT, unless a cached build of that
# revision is there already, and $LEDE_ROOT/bin on the job's PATH.
set -euo pipefail
: "${LEDE_ROOT:?LEDE_ROOT must name the install directory}"
src=$(cd "$(dirname "$0")/../.." && pwd)
if [ -x "$LEDE_ROOT/bin/lede" ]; then
  echo "lede already built: $("$LEDE_ROOT/bin/lede" --version)"
else
  cargo install --locked --path "$src/server" --root "$LEDE_ROOT" --bin lede
fi
if [ -n "${GITHUB_PATH:-}" ]; then
  echo "$LEDE_ROOT/bin" >> "$GITHUB_PATH"
fi
"$LEDE_ROOT/bin/lede" --version
