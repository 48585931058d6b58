#!/usr/bin/env bash
# Build the one-folder bundle dist/crm-desktop/ (Linux; on macOS the same commands work,
# on Windows run the two pip/pyinstaller lines by hand, see README.md "Bundle").
#
#   packaging/build.sh [VENV]
#
# PyInstaller and the app's dependencies go into VENV (default: a throwaway one in the
# temp folder), never into the development venv: the bundle holds what that venv holds.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv=${1:-${TMPDIR:-/tmp}/crm-desktop-build-venv}
python=${PYTHON:-python3}

if [ ! -x "$venv/bin/pyinstaller" ]; then
  "$python" -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check pyinstaller 2>&1 | grep -v "is ignored" || true
fi
# the app's dependencies (the app itself is taken from this source tree by the spec)
"$venv/bin/pip" install -q --disable-pip-version-check "$root" 2>&1 | grep -v "is ignored" || true
"$venv/bin/pip" uninstall -q -y crm-desktop

cd "$root"
"$venv/bin/pyinstaller" --noconfirm --log-level WARN \
  --distpath "$root/dist" --workpath "$root/build/pyinstaller" packaging/crm-desktop.spec
# Debugging symbols: Python's own library and extension modules (25 MB), SQLCipher's
# module (12 MB), Pillow's and fontTools' compiled modules (9 MB). Only files that carry
# them, and never the libraries auditwheel vendored (*.libs folders), which patchelf
# rewrote and strip can break.
if command -v strip >/dev/null && command -v readelf >/dev/null; then
  find "$root/dist/crm-desktop/_internal" -type f \( -name "*.so" -o -name "*.so.*" \) \
    -not -path "*.libs/*" -print0 |
    while IFS= read -r -d '' lib; do
      # (grep reads it all: with -q, readelf's broken pipe fails the test under pipefail)
      if readelf -S "$lib" 2>/dev/null | grep '\.debug_info' >/dev/null; then
        strip --strip-debug "$lib"
      fi
    done
fi
echo "bundle: $root/dist/crm-desktop ($(du -sh "$root/dist/crm-desktop" | cut -f1))"
