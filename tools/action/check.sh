#!/usr/bin/env bash
# The GitHub Action's check step (action.yml): `lede check --format github`
# with the action's `args` (split on whitespace, never glob-expanded), so
# findings show as annotations on the pull request. Exits as lede does:
# 1 for findings at or above --fail-on, 2 for errors.
set -euo pipefail
set -f
lede=${LEDE_BIN:-lede}
# shellcheck disable=SC2086 # the args string is split on purpose
exec "$lede" check --format github ${LEDE_ARGS:-.}
