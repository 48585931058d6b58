"""Thin launcher: `python main.py` starts the same app as the `crm-desktop` command.

It is also the bundle's entry script (packaging/crm-desktop.spec): the frozen executable
is started again as the import's helper process (crm_desktop.offload), and then serves
that instead of opening the app.
"""

import sys

from crm_desktop.offload import serve_if_helper

if __name__ == "__main__":
    if serve_if_helper(sys.argv):
        sys.exit(0)
    from crm_desktop.cli import main

    sys.exit(main())
