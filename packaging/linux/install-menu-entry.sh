#!/bin/sh
# Puts Event Kiosk in this user's applications menu (no admin rights needed), pointing at this
# unpacked folder. Run it again after moving the folder; remove the entry with --remove.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps"
if [ "${1:-}" = "--remove" ]; then
    rm -f "$apps/event-kiosk.desktop" "$icons/event-kiosk.png"
    echo "Removed Event Kiosk from the applications menu."
    exit 0
fi
mkdir -p "$apps" "$icons"
cp "$here/event-kiosk.png" "$icons/event-kiosk.png"
sed -e "s|^Exec=kiosk|Exec=\"$here/kiosk\"|" -e "s|^Icon=event-kiosk|Icon=$icons/event-kiosk.png|" \
    "$here/event-kiosk.desktop" > "$apps/event-kiosk.desktop"
chmod 0644 "$apps/event-kiosk.desktop"
echo "Event Kiosk is in the applications menu (it runs $here/kiosk)."
