"""`kiosk doctor`: the morning check of a registration laptop, in plain words.

`report.run_checks` runs every check (each a small function returning a `Check`: ok, warn or fail,
with one line of advice); `checks.py` holds the ones that need no Qt, `qt_checks.py` the window
system, camera and sound, importing Qt only when they run. The command line (kiosk/cli/doctor.py)
and the desk's *Check this laptop…* (kiosk/ui/doctor_dialog.py) show the same list.
"""
