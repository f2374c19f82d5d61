"""Entry point for `python main.py …`: the same as the `kiosk` command."""

from kiosk.cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())
