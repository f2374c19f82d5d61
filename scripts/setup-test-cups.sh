#!/usr/bin/env bash
# A real CUPS with a virtual PDF printer for the system-printing tests (Debian, as root).
# Prints go to $KIOSK_CUPS_OUT; the queue is $KIOSK_CUPS_QUEUE. Safe to run again.
set -euo pipefail
QUEUE="${KIOSK_CUPS_QUEUE:-kiosk-test-pdf}"
OUT="${KIOSK_CUPS_OUT:-/var/spool/cups-pdf/out}"

export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq --no-install-recommends cups cups-client cups-filters printer-driver-cups-pdf >/dev/null
mkdir -p "$OUT"
chmod 1777 "$OUT"
sed -i "s|^#\?Out .*|Out $OUT|" /etc/cups/cups-pdf.conf
if ! pgrep -x cupsd >/dev/null; then
    cupsd
fi
for _ in $(seq 1 50); do lpstat -r >/dev/null 2>&1 && break; sleep 0.2; done
lpadmin -p "$QUEUE" -E -v cups-pdf:/ -m lsb/usr/cups-pdf/CUPS-PDF_opt.ppd 2>/dev/null
lpstat -p "$QUEUE"
