"""The demo generator's former place: it is the package crm_desktop.demo now."""

from crm_desktop.demo import TEAM, DemoSummary, generate_demo, make_uscc, sales_share_of_top

__all__ = ["TEAM", "DemoSummary", "generate_demo", "make_uscc", "sales_share_of_top"]
