#!/usr/bin/env bash
# Installs, idempotently, what the Neovim client test (test/nvim/nvim.test.ts) needs: Debian's neovim (0.7 on
# bookworm) from apt. Exit 0 when `nvim` 0.7+ is on PATH afterwards; exit 1 with the reason otherwise.
set -euo pipefail

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"; else return 1; fi
}

version_ok() {
  local v
  v=$(nvim --version 2>/dev/null | sed -n '1s/^NVIM v\([0-9]*\)\.\([0-9]*\).*/\1 \2/p')
  [ -n "$v" ] && set -- $v && { [ "$1" -gt 0 ] || [ "$2" -ge 7 ]; }
}

if ! command -v nvim >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || { echo "nvim setup: nvim is not installed and apt-get is not available" >&2; exit 1; }
  echo "nvim setup: apt-get install neovim"
  { as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends neovim >/dev/null; } \
    || { echo "nvim setup: cannot install neovim (run as root, or install it)" >&2; exit 1; }
fi
version_ok || { echo "nvim setup: Neovim 0.7 or newer is needed, found: $(nvim --version 2>/dev/null | head -1)" >&2; exit 1; }
echo "nvim setup: $(nvim --version | head -1)"
