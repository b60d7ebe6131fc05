#!/usr/bin/env bash
# Neovim test: headless nvim with editors/nvim on the runtimepath against the
# release binary, then a tmux "screenshot" (nvim-diagnostics.txt and .png) into
# target/editor-screenshots/, or into docs/img/ with LEDE_UPDATE_SCREENSHOTS=1.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
HERE=$ROOT/tests/editors/nvim
NVIM=$ROOT/.tools/venv/bin/nvim
SEED=${LEDE_SEEDS:-$ROOT/../shared/seeds}/002_aa12b5aa1c624578.txt
[ -x "$NVIM" ] || { echo "nvim missing: run tests/editors/install.sh" >&2; exit 1; }
[ -x "$ROOT/target/release/lede" ] || { echo "target/release/lede missing: cargo build --release" >&2; exit 1; }
# Screenshots go to an untracked folder unless the docs' pictures are to be refreshed.
if [ "${LEDE_UPDATE_SCREENSHOTS:-}" = 1 ]; then SHOTS=$ROOT/docs/img; else SHOTS=$ROOT/target/editor-screenshots; fi
SHOTS_SHOWN=${SHOTS#"$ROOT"/}

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
WS=$TMP/ws
mkdir -p "$WS" "$TMP/xdg"
cp "$ROOT"/tests/editors/fixtures/{lede.toml,tagged.txt,article.txt} "$WS/"
if [ -f "$SEED" ]; then
  cp "$SEED" "$WS/"
  chmod u+w "$WS"/*
  ARTICLE=$WS/$(basename "$SEED")
else
  echo "nvim: ../shared/seeds absent: skipped the seed part, testing on tests/editors/fixtures/article.txt"
  ARTICLE=$WS/article.txt
fi
# A folder that is no lede project (no lede.toml, no .git): lede must stay out of it.
PLAIN=$TMP/plain
mkdir -p "$PLAIN"
cp "$ROOT/tests/editors/fixtures/article.txt" "$PLAIN/README.md"
cp "$ROOT/tests/editors/fixtures/article.txt" "$PLAIN/notes.txt"
export LEDE_ROOT=$ROOT LEDE_WS=$WS LEDE_ARTICLE=$ARTICLE LEDE_PLAIN=$PLAIN
export XDG_CONFIG_HOME=$TMP/xdg/config XDG_STATE_HOME=$TMP/xdg/state XDG_DATA_HOME=$TMP/xdg/data XDG_CACHE_HOME=$TMP/xdg/cache

echo "nvim: $("$NVIM" --version | head -1), article $(basename "$ARTICLE")"
cd "$WS"
rc=0
timeout 300 "$NVIM" --headless --clean -u "$HERE/init.lua" -c "luafile $HERE/test.lua" || rc=$?

# Screenshot: a real (non-headless) nvim in a tmux pane, diagnostics as virtual
# text and a hover float on the glued-digits finding.
SOCK=$TMP/tmux.sock
tmux -S "$SOCK" new-session -d -x 150 -y 45 -s lede \
  "cd '$WS' && env LEDE_ROOT='$ROOT' LEDE_BIN_DIR='${LEDE_BIN_DIR:-}' $(printf '%q' "$NVIM") --clean -u '$HERE/init.lua' -c 'set wrap linebreak' '$ARTICLE'"
cat > "$TMP/shot.lua" <<LUA
-- Cursor on the glued-digits finding (else the first finding), then hover:
-- the float explains the rule. Writes "float" to the marker when it is shown.
local buf = vim.api.nvim_get_current_buf()
vim.wait(60000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
vim.wait(1000)
local diags = vim.diagnostic.get(buf)
local target = diags[1]
for _, d in ipairs(diags) do
  if d.code == 'numbers/glued-digits' then target = d end
end
if target then
  vim.api.nvim_win_set_cursor(0, { target.lnum + 1, target.col })
  vim.cmd('normal! zz')
end
-- Hover after the main loop has seen the cursor move (CursorMoved closes hovers).
local function has_float()
  for _, w in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(w).relative ~= '' then return true end
  end
  return false
end
vim.defer_fn(function()
  vim.lsp.buf.hover({ border = 'rounded', max_width = 70 })
  local tries = 0
  local function poll()
    tries = tries + 1
    if has_float() or tries > 300 then
      local f = io.open('$TMP/shot.done', 'w')
      f:write((has_float() and 'float' or 'nofloat') .. ' ' .. #diags .. '\n')
      f:close()
    else
      vim.defer_fn(poll, 100)
    end
  end
  vim.defer_fn(poll, 100)
end, 300)
LUA
# Type the command once Neovim shows the article (waits are hang guards only).
head=$(head -c 12 "$ARTICLE")
for _ in $(seq 1 300); do
  tmux -S "$SOCK" capture-pane -p -t lede | grep -qF "$head" && break
  sleep 0.2
done
tmux -S "$SOCK" send-keys -t lede ":luafile $TMP/shot.lua" Enter
for _ in $(seq 1 600); do
  sleep 0.2
  [ -f "$TMP/shot.done" ] && break
done
sleep 0.5
mkdir -p "$SHOTS"
tmux -S "$SOCK" capture-pane -p -t lede > "$SHOTS/nvim-diagnostics.txt"
tmux -S "$SOCK" capture-pane -p -e -t lede > "$TMP/capture.ansi"
tmux -S "$SOCK" kill-server || true
if ! grep -q '^float [1-9]' "$TMP/shot.done" 2>/dev/null || ! grep -q '■' "$SHOTS/nvim-diagnostics.txt"; then
  echo "FAIL nvim screenshot shows no lede diagnostic + hover ($(cat "$TMP/shot.done" 2>/dev/null)):" >&2
  cat "$SHOTS/nvim-diagnostics.txt" >&2
  rc=1
else
  echo "ok   nvim screenshot saved to $SHOTS_SHOWN/nvim-diagnostics.txt"
  # A picture of the same capture, rendered by chromium (installed for the VS Code test).
  if PATH=$ROOT/.tools/node24/node_modules/node/bin:$PATH LEDE_PW=$ROOT/.tools/pw \
       node "$HERE/render.mjs" "$TMP/capture.ansi" "$SHOTS/nvim-diagnostics.png"; then
    echo "ok   rendered $SHOTS_SHOWN/nvim-diagnostics.png"
  else
    echo "FAIL rendering $SHOTS_SHOWN/nvim-diagnostics.png" >&2
    rc=1
  fi
fi
exit $rc
