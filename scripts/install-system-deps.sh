#!/usr/bin/env bash
# What a bare Debian/Ubuntu needs beyond pip to run the app and its tests: Qt's system libraries
# (the xcb ones for a real X11 window; tests run offscreen), fonts, and Python's venv; Chromium,
# which the hub's organiser page is tested in (Playwright drives this browser, never a downloaded one).
# Run as root (or with sudo). Safe to run again.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
    python3 python3-venv python3-pip \
    libglib2.0-0 libegl1 libgl1 libdbus-1-3 libfontconfig1 fonts-dejavu-core \
    libxkbcommon0 libxkbcommon-x11-0 libxrandr2 libpulse0 libcups2 \
    libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 \
    libxcb-xinerama0 libxcb-xkb1 libxcb-shape0 libxcb-randr0 libx11-xcb1 \
    poppler-utils chromium >/dev/null
echo "system packages for event-kiosk are installed"
