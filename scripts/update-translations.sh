#!/bin/sh
# Refresh the kiosk's and the desk's translation sources (assets/i18n/kiosk_*.ts, desk_*.ts) from the code, then compile them
# to the .qm files the app loads. Translate new strings in Qt Linguist (pyside6-linguist) or by
# hand in the .ts, then run this again. A new language: copy kiosk_cy.ts to kiosk_<code>.ts (and desk_cy.ts),
# set its language attribute, translate, run this.
set -eu
cd "$(dirname "$0")/.."
LUPDATE="${LUPDATE:-pyside6-lupdate}"
LRELEASE="${LRELEASE:-pyside6-lrelease}"
SOURCES="$(find kiosk/ui/selfservice -name "*.py" | sort) kiosk/ui/camera.py"
for ts in assets/i18n/kiosk_*.ts; do
    # No source locations: the .ts then changes only when the words do.
    # shellcheck disable=SC2086
    "$LUPDATE" $SOURCES -ts "$ts" -no-obsolete -locations none
    "$LRELEASE" "$ts" -qm "${ts%.ts}.qm"
done
# The desk and grid windows (everything else in kiosk/ui) have their own files, desk_<code>.ts:
# the desk's language is its own setting, apart from the kiosk's.
DESK_SOURCES="$(find kiosk/ui -maxdepth 1 -name "*.py" ! -name camera.py | sort)"
for ts in assets/i18n/desk_*.ts; do
    # shellcheck disable=SC2086
    "$LUPDATE" $DESK_SOURCES -ts "$ts" -no-obsolete -locations none
    "$LRELEASE" "$ts" -qm "${ts%.ts}.qm"
done
