#!/usr/bin/env bash
# Runs a built bundle as a venue laptop would: no virtual environment, no Python on PATH that it
# could lean on, a fresh home folder. Every step must pass; prints what it measured.
#
#   bash packaging/linux/smoke-test.sh dist/event-kiosk
set -euo pipefail
BUNDLE=$(cd "${1:-dist/event-kiosk}" && pwd)
KIOSK="$BUNDLE/kiosk"
HOME_DIR=$(mktemp -d)
trap 'rm -rf "$HOME_DIR"' EXIT
run() { env -i PATH=/usr/bin:/bin HOME="$HOME_DIR" LANG=C.UTF-8 "$@"; }
fail() { echo "smoke test FAILED: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }

t0=$(now_ms)
version=$(run "$KIOSK" --version) || fail "kiosk --version"
echo "kiosk --version: $version ($(( $(now_ms) - t0 )) ms)"

run "$KIOSK" demo --no-gui --attendees 50 >/dev/null || fail "kiosk demo --no-gui"
echo "kiosk demo --no-gui: ok"

set +e
run "$KIOSK" doctor --json > "$HOME_DIR/doctor.json"
doctor=$?
set -e
[ "$doctor" = 0 ] || fail "kiosk doctor exited $doctor: $(cat "$HOME_DIR/doctor.json")"
grep -q '"ok": true' "$HOME_DIR/doctor.json" || fail "kiosk doctor --json did not say ok"
# Qt's FFmpeg plugin must load (it links Qt Quick: leaving Quick out once broke the camera).
if grep -q "media plugin (FFmpeg) did not load" "$HOME_DIR/doctor.json"; then
    fail "the camera reader's media plugin did not load in the bundle"
fi
echo "kiosk doctor --json: ok (exit 0, the camera's media plugin loads)"

# The harness reads JSON with the build machine's python3; the bundle itself needs none.
code=$(run "$KIOSK" search --json a | python3 -c 'import json, sys
print(next(r["code"] for r in json.load(sys.stdin)["results"] if not r["checked_in"] and r["status"] == "valid"))')
[ -n "$code" ] || fail "no attendee to check in"
run "$KIOSK" checkin "$code" | grep -q "CHECKED IN" || fail "kiosk checkin"
echo "kiosk checkin: ok"

run "$KIOSK" print badge "$code" --again --json | grep -q '"status": "done"' || fail "kiosk print badge"
pdf=$(find "$HOME_DIR" -path '*/prints/*.pdf' | head -1)
[ -n "$pdf" ] && head -c 5 "$pdf" | grep -q '%PDF-' || fail "no badge PDF in the PDF folder"
echo "badge to the PDF folder: ok ($(basename "$pdf"))"

# The desk window, offscreen: it must come up and stay up (a missing Qt plugin or library ends
# the process at once). No product flag to quit: it is stopped after 5 s.
t0=$(now_ms)
run QT_QPA_PLATFORM=offscreen "$KIOSK" > "$HOME_DIR/desk.log" 2>&1 &
desk=$!
sleep 5
if ! kill -0 "$desk" 2>/dev/null; then
    wait "$desk" || true
    fail "the desk window exited within 5 s: $(cat "$HOME_DIR/desk.log")"
fi
kill "$desk"
wait "$desk" 2>/dev/null || true
echo "desk window (offscreen): up for 5 s"

echo "smoke test passed: $(du -sm "$BUNDLE" | cut -f1) MB unpacked"
