"""The bundle's one executable (`kiosk`): the desk window, every command and the hub.

PyInstaller freezes this file; it is the installed `kiosk` command's entry point with what a frozen
program needs first: `freeze_support` so that the hub's worker processes (multiprocessing, started
by uvicorn with --workers) run their part rather than a second command line.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from kiosk.cli.main import main

    sys.exit(main())
