"""Lets `python -m kiosk …` run the command line."""

from kiosk.cli.main import main

raise SystemExit(main())
