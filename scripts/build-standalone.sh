#!/usr/bin/env bash
# Build the standalone Linux bundle: dist/event-kiosk/ (one folder; `kiosk` is the desk window,
# every command and the hub) and dist/event-kiosk-VERSION-linux-x86_64.tar.gz, then smoke-test it
# as a venue laptop would run it: no virtual environment, a bare environment (env -i).
#
#   bash scripts/build-standalone.sh [--no-smoke] [--python PYTHON]
#
# PyInstaller comes from the `build` extra (pip install '.[build]'). With no PyInstaller in the
# Python given (default: python3), a build environment is made in build/standalone-venv. Needs the
# same system libraries as the app (scripts/install-system-deps.sh). Takes ~2-4 minutes on 2 cores.
# Windows and macOS: the same spec file, run by .github/workflows/standalone.yml (untested here).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=python3
SMOKE=1
while [ $# -gt 0 ]; do
    case "$1" in
        --no-smoke) SMOKE=0 ;;
        --python) PYTHON="$2"; shift ;;
        *) echo "usage: $0 [--no-smoke] [--python PYTHON]" >&2; exit 2 ;;
    esac
    shift
done

MAX_MB=250          # the issue's limit for the unpacked folder
DIST=dist
BUNDLE="$DIST/event-kiosk"
say() { printf '\n== %s\n' "$*"; }

if ! "$PYTHON" -c "import PyInstaller, kiosk" 2>/dev/null; then
    say "making a build environment in build/standalone-venv"
    python3 -m venv build/standalone-venv
    PYTHON=build/standalone-venv/bin/python
    "$PYTHON" -m pip install --quiet --upgrade pip
    "$PYTHON" -m pip install --quiet ".[build]"
fi
VERSION=$("$PYTHON" -c "import kiosk; print(kiosk.__version__)")

say "building Event Kiosk $VERSION with PyInstaller"
start=$(date +%s)
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath build/pyinstaller packaging/event-kiosk.spec
echo "built in $(( $(date +%s) - start )) s"

# CPython's own libraries carry their symbol tables (~20 MB); the wheels' libraries are left
# alone: stripping one that auditwheel patched breaks it.
if command -v strip >/dev/null; then
    find "$BUNDLE/_internal" -maxdepth 1 -name 'libpython3*.so*' -exec strip --strip-unneeded {} +
    find "$BUNDLE/_internal" -path '*/lib-dynload/*.so' -exec strip --strip-unneeded {} +
fi

cp packaging/linux/event-kiosk.desktop packaging/linux/install-menu-entry.sh "$BUNDLE/"
cp assets/icon.png "$BUNDLE/event-kiosk.png"
cp assets/icon.svg "$BUNDLE/event-kiosk.svg"

size_mb=$(du -sm "$BUNDLE" | cut -f1)
echo "bundle: $BUNDLE, ${size_mb} MB unpacked"
if [ "$size_mb" -gt "$MAX_MB" ]; then
    echo "the bundle is over ${MAX_MB} MB: see the excludes in packaging/event-kiosk.spec" >&2
    exit 1
fi

TARBALL="$DIST/event-kiosk-$VERSION-linux-x86_64.tar.gz"
tar -C "$DIST" -czf "$TARBALL" event-kiosk
echo "archive: $TARBALL, $(du -m "$TARBALL" | cut -f1) MB"

if [ "$SMOKE" = 1 ]; then
    say "smoke test: the bundle in a bare environment"
    bash packaging/linux/smoke-test.sh "$BUNDLE"
fi
