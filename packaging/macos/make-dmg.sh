#!/usr/bin/env bash
# macOS: the PyInstaller .app in a .dmg. UNTESTED here (built on Linux); run by
# .github/workflows/standalone.yml on macos-latest:
#   pip install '.[build]' && bash packaging/macos/make-dmg.sh
# Output: dist/event-kiosk-VERSION-macos.dmg holding "Event Kiosk.app". The app is not signed or
# notarised: the first start needs right-click → Open (see the README).
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON=${PYTHON:-python3}
VERSION=$("$PYTHON" -c "import kiosk; print(kiosk.__version__)")
"$PYTHON" -m PyInstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller packaging/event-kiosk.spec
APP="dist/Event Kiosk.app"
test -x "$APP/Contents/MacOS/kiosk"
"$APP/Contents/MacOS/kiosk" --version
du -sh "$APP"
rm -f "dist/event-kiosk-$VERSION-macos.dmg"
hdiutil create -volname "Event Kiosk" -srcfolder "$APP" -ov -format UDZO "dist/event-kiosk-$VERSION-macos.dmg"
