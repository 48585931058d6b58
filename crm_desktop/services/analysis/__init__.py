"""Sales analysis: period totals, ABC customers, salespeople, products, months, aging, follow-ups.

Every figure is one function returning dataclasses with money as `Decimal` yuan; the
Reports page, the workbook and the CLI all read these functions. The figures over sales
lines read them as columns and group them with numpy (`services.columnar`): a year of
500k lines in a fraction of a second, where a row-by-row read took two.

Who sees what: a user with the `report` permission (general manager, sales manager)
sees the whole team; a salesperson sees the same figures restricted to the customers
they own (their ABC classes are then ranked among their own customers) and may not
export the workbook nor apply classes.

Modules: `periods` (report periods), `scope` (whose figures), `lines` (one read of the
period's sales lines), `abc` (the by-customer table and the ABC rule), `abc_apply`
(writing classes to the cards), `summary`, `salespeople`, `products`, `months`,
`aging`, `followup_figures`, and `report` (every sheet's figures at once, the export's
audit). The package re-exports them: `analysis.customer_figures` and so on.

Rules implemented here (one place each):
- ABC (`abc.classify_abc`, used by the demo generator too; Pareto, thresholds from the team setting ``abc_thresholds``): customers with
  positive sales in the period, largest first; a customer is A while the cumulative
  share of the customers ranked above it is below the A threshold (80 %), so the
  customer that takes the cumulative share to 80 % is still A; B likewise up to 95 %;
  C the rest with sales; D no (or no positive) sales in the period.
- New customer: bought in the period, not in the previous one (a customer who comes
  back after a gap counts as new). Lost customer: bought in the previous period, not in
  this one. "Bought" means positive net sales. The previous period is the same number of whole
  months before (for a period of whole months), else the same number of days.
- Receivables aging (as of a day) is the receivables service's rule, row type and
  bucket names (`services.receivables`: FIFO, AgingRow, AGING_BUCKETS), shared with the
  Credit page; here the balance counts the sales and payments up to that day.
- Cadence (the Follow-ups page's rule, `services.followups.cadence_days`): a customer's
  contact interval is `Customer.contact_interval_days`, else the team setting
  ``cadence_days`` for its stored class (no class, no cadence), counted from the last
  completed follow-up up to the report's day, or from its creation when never contacted.
- Follow-ups in a period: planned = due in the period and not cancelled; done = of
  those, completed; overdue = of those, still planned and due before now.
"""

from crm_desktop.services.analysis.abc import (
    AbcCounts,
    CustomerFigure,
    abc_counts,
    abc_thresholds,
    classify_abc,
    customer_figures,
)
from crm_desktop.services.analysis.abc_apply import (
    AbcApplied,
    AbcChangePreview,
    apply_abc_classes,
    preview_abc_classes,
)
from crm_desktop.services.analysis.aging import AGING_BUCKETS, AgingRow, receivables_aging
from crm_desktop.services.analysis.followup_figures import (
    CadenceGap,
    FollowUpActivity,
    FollowUpCounts,
    cadence_gaps,
    followup_activity,
)
from crm_desktop.services.analysis.lines import LineStats, PeriodLines, line_stats, period_lines
from crm_desktop.services.analysis.months import MONTH_BY, MonthlyTable, monthly_sales
from crm_desktop.services.analysis.periods import Period, default_period, make_period
from crm_desktop.services.analysis.products import ProductFigure, product_figures
from crm_desktop.services.analysis.report import (
    SHEETS,
    WORKBOOK_SHEETS,
    Cancelled,
    SalesReport,
    sales_report,
)
from crm_desktop.services.analysis.salespeople import SalespersonFigure, salesperson_figures
from crm_desktop.services.analysis.scope import customer_table, sale_columns, scope_for
from crm_desktop.services.analysis.summary import PeriodSummary, period_summary

__all__ = [
    "AGING_BUCKETS",
    "MONTH_BY",
    "SHEETS",
    "WORKBOOK_SHEETS",
    "AbcApplied",
    "AbcChangePreview",
    "AbcCounts",
    "AgingRow",
    "CadenceGap",
    "Cancelled",
    "CustomerFigure",
    "FollowUpActivity",
    "FollowUpCounts",
    "LineStats",
    "MonthlyTable",
    "Period",
    "PeriodLines",
    "PeriodSummary",
    "ProductFigure",
    "SalesReport",
    "SalespersonFigure",
    "abc_counts",
    "abc_thresholds",
    "apply_abc_classes",
    "cadence_gaps",
    "classify_abc",
    "customer_figures",
    "customer_table",
    "default_period",
    "followup_activity",
    "line_stats",
    "make_period",
    "monthly_sales",
    "period_lines",
    "period_summary",
    "preview_abc_classes",
    "product_figures",
    "receivables_aging",
    "sale_columns",
    "sales_report",
    "salesperson_figures",
    "scope_for",
]
