#!/usr/bin/env bash
# Use the BUILT bundle as a user would, timing each step, and fail on the first that
# goes wrong: a demo database, a printed form, an exported workbook, an imported list
# (large enough for the helper process), the window under Xvfb, and the database
# encrypted, then read with its passphrase.
#
#   packaging/smoke.sh [BUNDLE_DIR]     (default: dist/crm-desktop)
#
# Needs pdftotext (poppler-utils) and Xvfb (xvfb); PYTHON (default .venv/bin/python) is
# any Python with openpyxl, used only to write the list and read the workbooks back.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bundle=$(cd "${1:-$root/dist/crm-desktop}" && pwd)
exe=$bundle/crm-desktop
py=${PYTHON:-$root/.venv/bin/python}
case $py in /*) ;; */*) py=$PWD/$py ;; *) py=$(command -v "$py") ;; esac  # before the cd below
max_mb=${CRM_BUNDLE_MAX_MB:-250}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# a user with no settings, in Chinese; nothing is taken from the source tree
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_CACHE_HOME=$work/cache
export XDG_STATE_HOME=$work/state CRM_DESKTOP_LANG=zh_CN
unset PYTHONPATH PYTHONHOME CRM_DESKTOP_DB CRM_DESKTOP_PASSWORD QT_QPA_PLATFORM
cd "$work"
db=$work/demo.db

now() { date +%s%N; }
took() { printf '%d.%02d s' $(((($(now) - $1) / 10000000) / 100)) $(((($(now) - $1) / 10000000) % 100)); }
say() { printf '  %-34s %s\n' "$1" "$2"; }
die() { echo "SMOKE FAILED: $*" >&2; exit 1; }

echo "bundle: $bundle"
size_mb=$(du -sm "$bundle" | cut -f1)
say "size" "$size_mb MB ($(find "$bundle" -type f | wc -l) files)"
[ "$size_mb" -le "$max_mb" ] || die "the bundle is $size_mb MB, over $max_mb MB"

t=$(now)
"$exe" --version >/dev/null
say "--version" "$(took "$t")"

t=$(now)
"$exe" --db "$db" demo --customers 200 --seed 7 2>/dev/null >"$work/demo.out"
say "demo database (200 customers)" "$(took "$t")"
grep -q "200" "$work/demo.out" || die "demo: $(cat "$work/demo.out")"

t=$(now)
"$exe" --db "$db" export customers "$work/customers.xlsx" >/dev/null
say "export customers workbook" "$(took "$t")"
# the first customer's code and name, read back from the workbook
read -r code name < <("$py" - "$work/customers.xlsx" <<'EOF'
import sys
from openpyxl import load_workbook
rows = list(load_workbook(sys.argv[1], read_only=True).active.iter_rows(values_only=True))
header = [str(h or "") for h in rows[0]]
body = [r for r in rows[1:] if any(r)]
assert len(body) == 200, f"{len(body)} customers in the workbook, not 200"
code = header.index(next(h for h in header if "代号" in h or "code" in h.lower()))
name = header.index(next(h for h in header if "名称" in h or "name" in h.lower()))
print(body[0][code], body[0][name])
EOF
)
say "  read back" "200 customers; first: $code $name"

t=$(now)
"$exe" --db "$db" print form "$code" -o "$work/form.pdf" >/dev/null 2>"$work/print.err"
say "print form to PDF" "$(took "$t")"
pdftotext "$work/form.pdf" - | grep -qF "$name" || die "the form's PDF does not say $name"
pdftotext "$work/form.pdf" - | grep -qF "客户基本资料表" || die "the form's PDF has no title"
say "  pdftotext" "names $name"

"$py" - "$work/list.xlsx" <<'EOF'
import sys
from openpyxl import Workbook
wb = Workbook()
ws = wb.active
ws.append(["客户名称", "电话", "地址", "联络人"])
for i in range(6000):  # above the importer's 5,000 rows: its helper process builds the index
    ws.append([f"冒烟测试{i:04d}贸易有限公司", f"0755-{i:08d}", f"深圳市南山区科技园{i}号", "李明"])
wb.save(sys.argv[1])
EOF
t=$(now)
"$exe" --db "$db" import customers "$work/list.xlsx" >"$work/import.out" 2>"$work/import.err" &
pid=$!
helper=no
while kill -0 "$pid" 2>/dev/null; do  # the helper is the bundle's executable, started again
  if pgrep -P "$pid" -f -- "--crm-offload-helper" >/dev/null; then helper=yes; fi
  sleep 0.05
done
wait "$pid" || die "import: $(cat "$work/import.err")"
say "import a list of 6,000 rows" "$(took "$t") (helper process: $helper)"
if grep -q "helper process" "$work/import.err"; then die "$(cat "$work/import.err")"; fi
if [ "$(nproc)" -ge 2 ] && [ "$helper" != yes ]; then die "the import ran without its helper"; fi
"$exe" --db "$db" export customers "$work/after.xlsx" >/dev/null 2>&1
"$py" - "$work/after.xlsx" <<'EOF'
import sys
from openpyxl import load_workbook
rows = [r for r in load_workbook(sys.argv[1], read_only=True).active.iter_rows(values_only=True)]
names = {v for r in rows for v in r if isinstance(v, str) and v.startswith("冒烟测试")}
assert len(names) == 6000, f"{len(names)} imported customers found, not 6000"
EOF
say "  read back" "6,200 customers"

# the window, on a real X server: the first paint ends the app, which says "ready". The demo
# has several accounts, so the general manager gets a password first (else the window
# would ask for one), and the window is opened with it as a script would
CRM_DESKTOP_NEW_PASSWORD=smoke-test-1 "$exe" --db "$db" user passwd admin >/dev/null \
  || die "could not set the general manager's password"
gui() {
  CRM_DESKTOP_PASSWORD=smoke-test-1 CRM_DESKTOP_EXIT_AFTER_PAINT=1 timeout 60 xvfb-run -a -s "-screen 0 1366x768x24 -nolisten tcp" \
    bash -c 't=$(date +%s%N); "$0" --db "$1" >"$2"; echo $(( ($(date +%s%N) - t) / 1000000 ))' \
    "$exe" "$db" "$work/gui.out"
}
# Cold starts: before each, the bundle's files leave the page cache, so the start reads
# them from disk as after a reboot (posix_fadvise, no root needed; in CI, or asked, the
# whole page cache is dropped instead, which slows everything else on the machine).
# Then warm starts. CRM_SMOKE_STARTS of each (default 5), their median reported.
starts=${CRM_SMOKE_STARTS:-5}
evict() {
  if [ -n "${CI:-}${CRM_SMOKE_COLD:-}" ] && [ -w /proc/sys/vm/drop_caches ]; then
    sync && echo 3 >/proc/sys/vm/drop_caches && return
  fi
  "$py" - "$bundle" <<'EOF'
import os, sys
for folder, _dirs, files in os.walk(sys.argv[1]):
    for name in files:
        path = os.path.join(folder, name)
        if os.path.isfile(path) and not os.path.islink(path):
            fd = os.open(path, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)
EOF
}
seconds() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }
median() { printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"; }
window() {  # $1: cold or warm
  local all=() ms
  for _ in $(seq "$starts"); do
    if [ "$1" = cold ]; then evict; fi
    ms=$(gui) || die "the window did not start: $(cat "$work/gui.out")"
    grep -qx ready "$work/gui.out" || die "the window never painted: $(cat "$work/gui.out")"
    all+=("$ms")
  done
  local shown=()
  for ms in "${all[@]}"; do shown+=("$(seconds "$ms")"); done
  say "window painted, $1 (median of $starts)" "$(seconds "$(median "${all[@]}")") s  (${shown[*]})"
}
window cold
window warm
# encryption at rest: the SQLCipher binding is in the bundle, and an encrypted database
# opens with its passphrase (and not with another)
t=$(now)
CRM_DESKTOP_PASSWORD=smoke-test-1 CRM_DESKTOP_PASSPHRASE=smoke-passphrase-1 \
  "$exe" --db "$db" --user admin encrypt >"$work/encrypt.out" 2>"$work/encrypt.err" \
  || die "encrypt: $(cat "$work/encrypt.err")"
say "encrypt the database" "$(took "$t")"
[ "$(head -c 15 "$db")" != "SQLite format 3" ] || die "the database is still a plain SQLite file"
t=$(now)
CRM_DESKTOP_PASSWORD=smoke-test-1 CRM_DESKTOP_PASSPHRASE=smoke-passphrase-1 \
  "$exe" --db "$db" --user admin today --json >"$work/today.json" 2>"$work/today.err" \
  || die "today on the encrypted database: $(cat "$work/today.err")"
say "today on the encrypted database" "$(took "$t")"
"$py" - "$work/today.json" <<'EOF'
import json, sys
customers = json.load(open(sys.argv[1], encoding="utf-8"))["customers"]
assert customers == 6200, f"{customers} customers in the encrypted database, not 6200"
EOF
if CRM_DESKTOP_PASSWORD=smoke-test-1 CRM_DESKTOP_PASSPHRASE=wrong-passphrase-1 \
  "$exe" --db "$db" --user admin today >/dev/null 2>&1; then
  die "the encrypted database opened with a wrong passphrase"
fi
say "  read back" "6,200 customers; a wrong passphrase is refused"
echo "smoke passed: size, demo, form, workbook, import with its helper, window, encryption"
