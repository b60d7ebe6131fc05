#!/usr/bin/env bash
# VS Code test: code-server + the packaged .vsix, driven by chromium/playwright-core.
# Screenshots (vscode-diagnostics.png, vscode-hover.png) go to target/editor-screenshots/,
# or to docs/img/ with LEDE_UPDATE_SCREENSHOTS=1.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
TOOLS=$ROOT/.tools
SEEDS=${LEDE_SEEDS:-$ROOT/../shared/seeds}
ARTICLE_NAME=002_aa12b5aa1c624578.txt
VSIX=${LEDE_VSIX:-$ROOT/editors/vscode/lede-linux-x64.vsix}
[ -f "$VSIX" ] || { echo "$VSIX missing: run editors/vscode/package.sh" >&2; exit 1; }
python3 "$ROOT/tests/editors/vscode/vsix-contents.py" "$VSIX"
[ -x "$TOOLS/code-server/node_modules/.bin/code-server" ] || { echo "code-server missing: run tests/editors/install.sh" >&2; exit 1; }
export PATH=$TOOLS/node24/node_modules/node/bin:$PATH

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
WS=$TMP/ws
mkdir -p "$WS"
if [ -f "$SEEDS/$ARTICLE_NAME" ]; then
  cp "$SEEDS"/*.txt "$WS/"
  ARTICLE=$WS/$ARTICLE_NAME
else
  echo "vscode: ../shared/seeds absent: skipped the seed part, testing on tests/editors/fixtures/article.txt"
  ARTICLE=$WS/article.txt
fi
cp "$ROOT"/tests/editors/fixtures/{lede.toml,tagged.txt,article.txt} "$WS/"
chmod -R u+w "$WS"

export LEDE_ROOT=$ROOT LEDE_WS=$WS LEDE_ARTICLE=$ARTICLE LEDE_TMP=$TMP LEDE_VSIX=$VSIX
export LEDE_CODE_SERVER=$TOOLS/code-server/node_modules/.bin/code-server LEDE_PW=$TOOLS/pw
export LEDE_BIN=${LEDE_BIN:-$ROOT/target/release/lede}
if [ "${LEDE_UPDATE_SCREENSHOTS:-}" = 1 ]; then LEDE_SHOTS=$ROOT/docs/img; else LEDE_SHOTS=$ROOT/target/editor-screenshots; fi
export LEDE_SHOTS
export XDG_CONFIG_HOME=$TMP/xdg/config XDG_DATA_HOME=$TMP/xdg/data XDG_CACHE_HOME=$TMP/xdg/cache
echo "vscode: code-server $("$LEDE_CODE_SERVER" --version 2>/dev/null | grep -m1 '^[0-9]' | cut -d' ' -f1), $(basename "$VSIX"), article $(basename "$ARTICLE")"
rc=0
timeout 900 node "$ROOT/tests/editors/vscode/test.mjs" || rc=$?
if [ $rc != 0 ] && [ -f "$TMP/result-copy.json" ]; then
  echo "--- self-test result:"; cat "$TMP/result-copy.json"
fi
exit $rc
