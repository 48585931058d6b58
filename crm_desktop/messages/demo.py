"""Texts of the demo data generator: its refusals and its progress."""

MESSAGES: dict[str, tuple[str, str]] = {}
