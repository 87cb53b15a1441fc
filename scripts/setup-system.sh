#!/usr/bin/env bash
# The Debian/Ubuntu packages svdesk needs: Qt's runtime libraries (offscreen and on a real
# screen) and QtPdf's, fonts, a virtual screen for screenshots, and poppler for reading PDFs
# in tests.
set -euo pipefail
packages=(
  python3 python3-venv python3-pip
  libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 fonts-dejavu-core
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-randr0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0
  libxcb-xfixes0 libxcb-shm0 libxcb1 libx11-xcb1 libglib2.0-0
  xvfb xauth poppler-utils
  # QtPdf (an attached PDF's pages in the workspace) loads QtNetwork, which needs Kerberos.
  libgssapi-krb5-2
  # Recalculating the evaluation workbook's formulas in tests, as an auditor's Excel would.
  libreoffice-calc-nogui
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
