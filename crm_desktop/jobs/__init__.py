"""Use cases that produce files or run long: print, export, report, import, backup.

Each job is a plain function `job(actor, params…, progress=None) -> small result
dataclass` that checks permission, gathers plain data through the services, hands it
to a builder in reports/, and records who took data out (services.customers.audit).
Jobs import no Qt: the GUI runs them on its background helper with a
crm_desktop.progress.Progress, the CLI calls them directly. Layers: ui/cli → jobs →
services + reports → models (tests/test_layers.py).
"""
