"""The `kiosk` command line: main.py builds it from one module per command group."""
