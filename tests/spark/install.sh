#!/usr/bin/env bash
# Installs PySpark for server/tests/spark.rs into .tools/venv (the venv the
# editor tests share), from PyPI, pinned. Idempotent: nothing to do when the
# pinned version is there. PySpark is published as a source archive only (no
# wheel); it is pure Python plus Spark's jars, so pip unpacks it without
# compiling anything; its one dependency, py4j, comes as a wheel.
set -euo pipefail
cd "$(dirname "$0")/../.."
PYSPARK_VERSION=4.3.0
VENV=$PWD/.tools/venv
say() { printf '[install] %s\n' "$*"; }
if [ -x "$VENV/bin/python" ] &&
  "$VENV/bin/python" -c "import pyspark, sys; sys.exit(pyspark.__version__ != '$PYSPARK_VERSION')" 2>/dev/null; then
  say "pyspark $PYSPARK_VERSION already in .tools/venv: nothing to install"
else
  say "will install: pip, PyPI, into .tools/venv: pyspark==$PYSPARK_VERSION (and py4j)"
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --prefer-binary "pyspark==$PYSPARK_VERSION"
fi
"$VENV/bin/pip" list 2>/dev/null | grep -Ei '^(pyspark|py4j) ' | sed 's/^/[install]   /'
command -v java >/dev/null 2>&1 && java -version 2>&1 | head -1 | sed 's/^/[install]   java: /' ||
  say "no java on the PATH: tests/spark.rs needs one (OpenJDK 17)"
