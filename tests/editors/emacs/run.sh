#!/usr/bin/env bash
# Emacs test: emacs --batch + eglot (Debian packages) against the release binary.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
SEED=${LEDE_SEEDS:-$ROOT/../shared/seeds}/002_aa12b5aa1c624578.txt
command -v emacs >/dev/null || { echo "emacs missing: run tests/editors/install.sh" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
WS=$TMP/ws
mkdir -p "$WS"
cp "$ROOT"/tests/editors/fixtures/{lede.toml,tagged.txt,article.txt} "$WS/"
if [ -f "$SEED" ]; then
  cp "$SEED" "$WS/"
  ARTICLE=$WS/$(basename "$SEED")
else
  echo "emacs: ../shared/seeds absent: skipped the seed part, testing on tests/editors/fixtures/article.txt"
  ARTICLE=$WS/article.txt
fi
chmod -R u+w "$WS"
export LEDE_BIN=${LEDE_BIN:-$ROOT/target/release/lede} LEDE_WS=$WS LEDE_ARTICLE=$ARTICLE HOME=$TMP
echo "emacs: $(emacs --version | head -1), eglot $(ls -d /usr/share/emacs/site-lisp/elpa/eglot-* 2>/dev/null | sed 's/.*eglot-//' | head -1), article $(basename "$ARTICLE")"
timeout 300 emacs --batch -l "$ROOT/tests/editors/emacs/test.el" 2> "$TMP/stderr" || { rc=$?; tail -20 "$TMP/stderr" >&2; exit $rc; }
