#!/usr/bin/env bash
# Installs what the tag-exchange tests (server/tests/exchange_tools.rs,
# exchange_docs.rs) need: spaCy, from PyPI, wheels only, pinned, into the
# shared venv .tools/venv (the one tests/editors/install.sh uses for
# Neovim). Idempotent: when the pinned version is there it says so and
# installs nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=.tools/venv
SPACY_VERSION=3.8.18

if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c "import spacy, sys; sys.exit(spacy.__version__ != '$SPACY_VERSION')" 2>/dev/null; then
  echo "[install] spacy==$SPACY_VERSION present in $VENV: nothing to install"
  exit 0
fi
echo "[install] pip, PyPI, into $VENV: spacy==$SPACY_VERSION and its dependencies (wheels only)"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check --only-binary :all: "spacy==$SPACY_VERSION"
"$VENV/bin/python" -c "import spacy; print('[install] spacy', spacy.__version__)"
