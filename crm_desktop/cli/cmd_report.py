"""`crm-desktop report sales`: not built yet; the command is reserved by the CLI contract."""

from __future__ import annotations

from crm_desktop.cli.common import not_built


def register(sub) -> None:
    parser = sub.add_parser("report", help="report sales (not available yet)")
    parser.add_argument("rest", nargs="*")
    parser.set_defaults(handler=not_built("report sales"))
