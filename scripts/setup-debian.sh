#!/usr/bin/env bash
# Installs the system packages AgendaPack needs to build, run and test on
# Debian/Ubuntu, if any are missing. Safe to run again.
set -euo pipefail

packages=(
  build-essential pkg-config curl ca-certificates
  libwebkit2gtk-4.1-dev librsvg2-dev libssl-dev patchelf
  xvfb xauth x11-utils xdotool webkit2gtk-driver
  poppler-utils qpdf mupdf-tools ghostscript imagemagick librsvg2-bin
  chromium nodejs npm
  # Reports received as Word, OpenDocument, Excel, PowerPoint or scans are
  # converted to PDF by LibreOffice headless (Draw opens the scans).
  libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui
  libreoffice-draw-nogui fonts-liberation2
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js may come from elsewhere than Debian (e.g. NodeSource, nvm): a node
# already on PATH is used, and its version is checked below.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<<"${missing[*]}"

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Vite 8 and Vitest need Node.js >= 20.19 (Debian 12's nodejs is 18).
bash "$(dirname "$0")/check-node.sh"

if ! command -v cargo >/dev/null; then
  echo "Rust is missing: install it with rustup (https://rustup.rs) and run this again." >&2
  exit 1
fi
