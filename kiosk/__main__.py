"""Lets `python -m kiosk …` run the command line."""

from kiosk.cli import main

raise SystemExit(main())
