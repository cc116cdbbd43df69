#!/usr/bin/env bash
# Checks Homeward's .deb the way a district office would meet it: scans
# every file of the package for the words the interface must never show
# (tests/package/scan_package.py), makes a fresh minimal Debian of this
# machine's own release and mirror with debootstrap, installs the package
# there with `apt install ./file.deb` (recommends left out, so its Depends
# alone must carry it), then starts the installed program under Xvfb inside
# that chroot through tauri-driver and WebKitWebDriver and proves from this
# machine's Python WebDriver client (tests/package/deb_window.py) that it
# reaches the unlock screen, shows Urdu in the bundled Nastaliq font with no
# fonts-noto-* installed, serves clean pages and opens a vault; its desktop
# entry must pass desktop-file-validate, and `apt purge` must leave none of
# its files. Prints the time of each step.
#
#   bash scripts/deb-check.sh [FILE.deb]
# FILE.deb defaults to the one scripts/package.sh made.
# Needs root (debootstrap, mount, chroot) as scripts/install-deps.sh does,
# the e2e venv and tauri-driver (install-deps.sh --tests), and
# target/release/homeward-cli (it writes the vault the program unlocks).
# Caches: target/deb-check/{debootstrap,apt}-cache, so a second run
# downloads nothing. HOMEWARD_DEB_CHECK_KEEP=1 keeps the chroot afterwards.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

if [ "$(id -u)" -ne 0 ]; then
  exec sudo --preserve-env=HOMEWARD_TEST_VENV,HOMEWARD_DEB_CHECK_KEEP,PATH bash "$0" "$@"
fi

deb="${1:-}"
if [ -z "$deb" ]; then
  shopt -s nullglob
  found=(target/release/bundle/deb/*.deb)
  shopt -u nullglob
  if [ "${#found[@]}" -ne 1 ]; then
    echo "deb-check: no single .deb in target/release/bundle/deb; run scripts/package.sh" >&2
    exit 1
  fi
  deb="${found[0]}"
fi
deb="$(realpath "$deb")"
venv="${HOMEWARD_TEST_VENV:-target/e2e-venv}"
cli="target/release/homeward-cli"
for need in "$venv/bin/python" "$cli"; do
  [ -x "$need" ] || { echo "deb-check: $need is missing (install-deps.sh --tests; cargo build --release)" >&2; exit 1; }
done
for tool in debootstrap dpkg-deb chroot tauri-driver; do
  command -v "$tool" >/dev/null 2>&1 || { echo "deb-check: $tool is not installed; run scripts/install-deps.sh --tests" >&2; exit 1; }
done

work="$repo/target/deb-check"
root="$work/root"
mkdir -p "$work/debootstrap-cache" "$work/apt-cache"

started=$(date +%s)
last=$started
timings=()
step() {
  echo
  echo "== deb-check: $* ($(($(date +%s) - started)) s)"
}
took() {
  local now
  now=$(date +%s)
  timings+=("$(printf '%-34s %4d s' "$1" $((now - last)))")
  last=$now
}

mounted_under_root() {
  # Mount points inside the chroot, deepest first.
  awk -v r="$root" '$5 == r || index($5, r "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r
}

driver_pid=""
cleanup() {
  local status=$?
  set +e
  # Everything running inside the chroot was started by this script.
  local pids=()
  for proc in /proc/[0-9]*; do
    if [ "$(readlink "$proc/root" 2>/dev/null)" = "$root" ]; then pids+=("${proc#/proc/}"); fi
  done
  [ -n "$driver_pid" ] && pids+=("$driver_pid")
  if [ "${#pids[@]}" -gt 0 ]; then
    kill -TERM "${pids[@]}" 2>/dev/null
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      alive=()
      for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done
      [ "${#alive[@]}" -eq 0 ] && break
      sleep 0.5
    done
    for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null; done
  fi
  for point in $(mounted_under_root); do
    umount "$point" 2>/dev/null || umount -l "$point"
  done
  if [ "${HOMEWARD_DEB_CHECK_KEEP:-0}" != "1" ] && [ -z "$(mounted_under_root)" ]; then
    rm -rf "$root"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

in_root() {
  chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

step "word scan of every file in $(basename "$deb")"
rm -rf "$work/unpacked" "$work/served"
dpkg-deb -R "$deb" "$work/unpacked"
python3 tests/package/scan_package.py "$work/unpacked"
took "word scan"

step "fresh chroot with debootstrap"
. /etc/os-release
codename="${VERSION_CODENAME:?/etc/os-release names no release codename}"
sources="$(python3 tests/package/host_sources.py "$codename")"
mirror="$(echo "$sources" | awk '$1 == "mirror" { print $2 }')"
if [ -n "$(mounted_under_root)" ]; then
  echo "deb-check: something is still mounted under $root; not removing it" >&2
  exit 1
fi
rm -rf "$root"
debootstrap --variant=minbase --cache-dir="$work/debootstrap-cache" "$codename" "$root" "$mirror" \
  >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
echo "debootstrap: $ID $codename, minbase, $(du -sh "$root" | cut -f1)"
took "debootstrap (minbase)"

echo "$sources" | awk '$1 == "deb"' >"$root/etc/apt/sources.list"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# No service starts inside the chroot. dpkg skips fsync (a throwaway root)
# and the manuals and translations no check reads; the package's own
# documentation is kept.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod +x "$root/usr/sbin/policy-rc.d"
cat >"$root/etc/dpkg/dpkg.cfg.d/deb-check" <<'EOF'
force-unsafe-io
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/homeward/*
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
EOF
# `apt` (unlike apt-get) deletes what it downloaded; keep it in the cache.
printf 'Acquire::Languages "none";\nBinary::apt::APT::Keep-Downloaded-Packages "true";\n' \
  >"$root/etc/apt/apt.conf.d/99deb-check"
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --bind /dev/pts "$root/dev/pts"
mount -t tmpfs tmpfs "$root/dev/shm"
mount --bind "$work/apt-cache" "$root/var/cache/apt/archives"

step "apt install ./$(basename "$deb") in the chroot"
in_root apt-get update -qq
cp "$deb" "$root/tmp/"
in_root sh -c "cd /tmp && apt install -y -q --no-install-recommends ./$(basename "$deb")" >"$work/apt-install.log" 2>&1 ||
  { tail -30 "$work/apt-install.log" >&2; exit 1; }
grep -E '^(Setting up homeward|Need to get|[0-9]+ upgraded)' "$work/apt-install.log" || true
in_root dpkg-query -W -f='installed: ${Package} ${Version} ${Status}\n' homeward
missing_libs="$(in_root ldd /usr/bin/homeward | grep 'not found' || true)"
if [ -n "$missing_libs" ]; then
  echo "deb-check: the installed program misses libraries its Depends should bring:" >&2
  echo "$missing_libs" >&2
  exit 1
fi
echo "ldd /usr/bin/homeward: every library found"
took "apt install ./file.deb"

step "test tools in the chroot (xvfb, WebKitWebDriver, tauri-driver)"
in_root apt-get install -y -q --no-install-recommends xvfb xauth webkit2gtk-driver desktop-file-utils \
  >"$work/apt-tools.log" 2>&1 ||
  { tail -30 "$work/apt-tools.log" >&2; exit 1; }
cp "$(command -v tauri-driver)" "$root/usr/local/bin/tauri-driver"
noto="$(in_root dpkg-query -W -f='${Package}\n' 'fonts-noto*' 2>/dev/null || true)"
if [ -n "$noto" ]; then
  echo "deb-check: the chroot has $noto installed; the bundled font would not be proven" >&2
  exit 1
fi
echo "fonts in the chroot: $(in_root dpkg-query -W -f='${Package} ' 'fonts-*' 2>/dev/null || echo none) (no fonts-noto-*)"
for entry in $(in_root dpkg -L homeward | grep '\.desktop$'); do
  in_root desktop-file-validate "$entry"
  echo "desktop entry $entry: valid"
done
took "test tools in the chroot"

step "the installed program under Xvfb in the chroot"
passphrase="harbour willow copper 58 lanterns"
HOMEWARD_PASSPHRASE="$passphrase" "$cli" --vault "$root/root/vault" init --user admin >/dev/null
read -r port native_port < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])
for s in socks: s.close()')
setsid chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  xvfb-run -a -s "-screen 0 1366x768x24" \
  tauri-driver --port "$port" --native-port "$native_port" >"$work/window.log" 2>&1 &
driver_pid=$!
python3 - "$port" "$driver_pid" <<'EOF'
import os, socket, sys, time
port, pid = int(sys.argv[1]), int(sys.argv[2])
deadline = time.monotonic() + 30
while time.monotonic() < deadline:
    if not os.path.exists(f"/proc/{pid}"):
        sys.exit("tauri-driver in the chroot exited early (target/deb-check/window.log)")
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit("tauri-driver in the chroot did not listen within 30 s")
EOF
HOMEWARD_PASSPHRASE="$passphrase" "$venv/bin/python" tests/package/deb_window.py \
  --port "$port" --app /usr/bin/homeward --vault /root/vault --user admin
took "window check"

step "apt purge homeward in the chroot"
files="$(in_root dpkg -L homeward | while read -r f; do [ -f "$root$f" ] && echo "$f"; done)"
in_root apt-get purge -y -q homeward >"$work/apt-purge.log" 2>&1 || { tail -20 "$work/apt-purge.log" >&2; exit 1; }
left="$(for f in $files; do [ -e "$root$f" ] && echo "$f"; done || true)"
if [ -n "$left" ]; then
  echo "deb-check: purging homeward left files behind: $left" >&2
  exit 1
fi
echo "purged: none of its $(echo "$files" | wc -l) files is left"
took "apt purge"

echo
echo "== deb-check: passed ($(($(date +%s) - started)) s)"
printf '  %s\n' "${timings[@]}"
