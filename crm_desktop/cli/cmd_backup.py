"""`crm-desktop backup [OUT]` and `crm-desktop restore FILE`: not built yet."""

from __future__ import annotations

from crm_desktop.cli.common import not_built


def register(sub) -> None:
    parser = sub.add_parser("backup", help="copy the database to a file (not available yet)")
    parser.add_argument("out", nargs="?")
    parser.set_defaults(handler=not_built("backup"))
    parser = sub.add_parser(
        "restore", help="replace the database with a backup (not available yet)"
    )
    parser.add_argument("file")
    parser.set_defaults(handler=not_built("restore"))
