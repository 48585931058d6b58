"""`crm-desktop import customers FILE.xlsx` for a workbook sent out with `--for-update`.

Applies the changes made only in the workbook, keeps those made only in the CRM, and
lists (stderr) every conflict, refused row and customer missing from the workbook.
Undecided conflicts go to a workbook beside FILE (or --conflicts-out) and the exit
status is 1; `--conflicts keep|take` decides them all; `--dry-run` lists what would be
done and writes nothing. A workbook of another database is imported as a plain list,
with a warning.
"""

from __future__ import annotations

from crm_desktop.cli.common import EXIT_OK, EXIT_SOME_REJECTED, Context, summary, warn
from crm_desktop.messages import msg

MAX_LISTED = 200


def run_take_back(args, ctx: Context) -> int:
    from crm_desktop.jobs.sync import take_back

    if args.dry_run:
        return _dry_run(args, ctx)
    done = take_back(ctx.actor, args.file, default=args.conflicts, conflicts_out=args.conflicts_out)
    for warning in done.plan.warnings:
        warn(warning.render())
    if done.imported is not None:  # a foreign workbook: the plain import's report
        result = done.imported.result
        for number, _raw, reason in result.rejected_rows[:MAX_LISTED]:
            warn(msg("importing.rejected_row", row=number, reasons=reason).render())
        summary(result.summary())
        return EXIT_SOME_REJECTED if result.rejected else EXIT_OK
    result = done.result
    assert result is not None
    for note in result.notes[:MAX_LISTED]:
        warn(
            msg(
                "sync.note_line", sheet=_sheet(note.sheet, done.plan), message=note.message
            ).render()
        )
    for missing in result.missing[:MAX_LISTED]:
        warn(msg("sync.missing_line", code=missing.code, name=missing.name).render())
    for conflict in result.undecided[:MAX_LISTED]:
        warn(_conflict_line(conflict))
    for warning in done.warnings:
        warn(warning.render())
    if done.conflicts_path is not None:
        warn(msg("sync.conflicts_saved", path=str(done.conflicts_path)).render())
    summary(result.summary().render())
    return EXIT_SOME_REJECTED if result.undecided or result.notes else EXIT_OK


def _dry_run(args, ctx: Context) -> int:
    """--dry-run: what the take-back would do, conflicts listed, nothing written."""
    from crm_desktop.jobs.sync import plan

    planned = plan(ctx.actor, args.file)
    for warning in planned.warnings:
        warn(warning.render())
    for note in planned.notes[:MAX_LISTED]:
        warn(
            msg("sync.note_line", sheet=_sheet(note.sheet, planned), message=note.message).render()
        )
    for conflict in planned.conflicts[:MAX_LISTED]:
        warn(_conflict_line(conflict))
    summary(planned.summary().render())
    return EXIT_SOME_REJECTED if planned.conflicts or planned.notes else EXIT_OK


def _sheet(key: str, planned) -> str:
    """A sheet's name as the workbook had it (the language of the export)."""
    from crm_desktop.services.sync import layout

    lang = planned.export.lang if planned.export else "en"
    keys = (layout.CUSTOMERS, layout.CONTACTS, layout.FOLLOWUPS)
    return layout.sheet_name(key, lang) if key in keys else key


def _conflict_line(c) -> str:
    from crm_desktop.services.sync.cells import shown

    return msg(
        "sync.conflict_line",
        row=c.row,
        code=c.code,
        name=c.name,
        field=c.label,
        base=shown(c.base),
        workbook=shown(c.workbook),
        crm=shown(c.crm),
        who=c.changed_by,
        when=c.changed_at.strftime("%Y-%m-%d %H:%M") if c.changed_at else "",
    ).render()


__all__ = ["run_take_back"]
