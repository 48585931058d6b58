"""Thin launcher: `python main.py` starts the same app as the `crm-desktop` command."""

import sys

from crm_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
