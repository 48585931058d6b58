"""Salesperson workbooks out and back (发给业务员 / 收回业务员的表格), merged field by field.

- `layout`: the sheets and columns of a for-update workbook, one description shared by
  the writer (reports/sync_xlsx.py) and the reader (`workbook`).
- `cells`: a cell as compared (the same text for the same value, whoever saved the file).
- `snapshot`: what left, kept in the database (schema step 15) as the merge's base.
- `workbook`: reading a workbook that came back into plain rows.
- `merge`: base / workbook / CRM per field: changes, conflicts, new rows, missing rows,
  credit requests, follow-ups done and planned (`TakeBackPlan`); nothing is written.
- `apply`: the plan written through the card's own services, conflicts as decided.
"""
