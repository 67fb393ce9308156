#!/usr/bin/env bash
# Checks the README's promise that a clone needs only Node and npm, on a machine that has more:
# clones the current commit, then runs `npm start` and `npm test` in a private mount namespace
# whose /usr/bin holds only node, npm, npx, git, dpkg-query and POSIX shell tools (no compiler,
# python, pkg-config, clang, xvfb-run, chromium, apt-get or sudo), with an empty HOME, npm cache
# and pnpm store. Needs root (for unshare and mount); takes about 20 minutes. Usage:
#   sudo bash scripts/bare-machine-check.sh [log file]     (SKIP_START=1 runs npm test only)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d /tmp/strata-bare-XXXXXX)"
log="${1:-$work/bare.log}"
git clone -q "$repo" "$work/clone"
mkdir -p "$work/home" "$work/realbin"
tools="node npm npx git dpkg-query sh dash bash env cat ls mkdir rm rmdir cp mv ln chmod chown touch uname id
  sed grep head tail sort uniq tr wc cut xargs find tar gzip dirname basename readlink realpath date sleep
  kill ps mktemp tee printf test expr true false which nproc du stat cmp diff"
# The allowed tools, as links to their real files; /usr/bin itself is hidden behind this folder.
# node is a copy in a folder of its own, because npm puts the folder of the running node on the
# PATH of the scripts it runs.
mkdir -p "$work/bin" "$work/nodebin"
cp "$(readlink -f /usr/bin/node)" "$work/nodebin/node"
ln -s "$work/nodebin/node" "$work/bin/node"
for tool in ${tools/node /}; do
  target="$(readlink -f "/usr/bin/$tool" 2>/dev/null || true)"
  [ -n "$target" ] && [ -e "$target" ] || continue
  case "$target" in /usr/bin/*) target="$work/realbin/${target#/usr/bin/}" ;; esac
  ln -s "$target" "$work/bin/$tool"
done
unshare -m bash -s "$work" "$log" "${SKIP_START:-}" <<'INNER'
set -euo pipefail
work="$1"; log="$2"; skip_start="$3"
mount --bind /usr/bin "$work/realbin"
mount --bind "$work/bin" /usr/bin
export HOME="$work/home" PATH="$work/home/.npm-global/bin:/usr/bin" npm_config_cache="$work/home/.npm" npm_config_prefix="$work/home/.npm-global"
export TURBO_TELEMETRY_DISABLED=1
cd "$work/clone"
{
  echo "== tools: $(ls /usr/bin | tr '\n' ' ')"
  for absent in cc gcc g++ make python3 pkg-config clang wasm-ld xvfb-run chromium apt-get sudo; do
    command -v "$absent" >/dev/null && echo "unexpected: $absent is on PATH" && exit 1
  done
  if [ -z "$skip_start" ]; then
    echo "== npm start ($(date +%T))"
    npm start
  fi
  echo "== npm test ($(date +%T))"
  npm test
  echo "== done ($(date +%T))"
} > "$log" 2>&1
INNER
echo "bare-machine check passed; log: $log"
