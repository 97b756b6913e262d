#!/usr/bin/env bash
# Fails, saying what to install, unless `node` is Node.js 20.19 or newer and
# npm is present: Vite 8 and Vitest 4 (ui/) need it. Debian 12's own nodejs
# package is 18, too old.
set -euo pipefail

need_major=20
need_minor=19

# Builtins only (echo), so the check works whatever else is on PATH.
fail() {
  {
    echo "AgendaPack's UI needs Node.js ${need_major}.${need_minor} or newer (Vite 8, Vitest 4): $1."
    echo "Debian 12's own \"nodejs\" package is version 18, which is too old. Install Node.js 20.19+"
    echo "or 22 LTS from NodeSource (https://github.com/nodesource/distributions, then"
    echo "\"apt-get install nodejs\") or with nvm (\"nvm install 22\"), make sure \"node -v\" shows it,"
    echo "and run this again."
  } >&2
  exit 1
}

command -v node >/dev/null || fail "no \"node\" on PATH"
command -v npm >/dev/null || fail "no \"npm\" on PATH"
version=$(node -v 2>/dev/null || true)
if [[ ! "$version" =~ ^v([0-9]+)\.([0-9]+)\. ]]; then
  fail "\"node -v\" printed \"${version}\", not a version"
fi
major=${BASH_REMATCH[1]}
minor=${BASH_REMATCH[2]}
if ((major < need_major || (major == need_major && minor < need_minor))); then
  fail "found ${version} at $(command -v node)"
fi
