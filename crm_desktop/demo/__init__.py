"""Realistic demo data: a sales team, customers with every card field, two years of business.

Word pools come from Faker's zh_CN locale (surnames with their frequencies, given
names, mobile prefixes, company words) and from the tables in the modules here; one
seeded random generator composes every row, so the same seed on the same day gives the
same database. Per-row Faker calls would be ~50x slower, so Faker is only read for
its pools.

The shape of the business is deliberate: sales follow a heavy-tailed (Pareto-like)
distribution so that roughly 20 % of customers bring 80 % of sales; the ABC class is
computed from the generated sales by the analysis service's rule with the team's
thresholds; some customers pay late; some follow-ups are overdue, some due today; credit
limits on the cards are exactly those of the approved credit requests.

Rows are written with `bulk_insert` (raw values: money in fen, dates as ISO text) in
one transaction, streamed from generators so 1M sales lines never sit in memory.

Modules, in the order the passes run: `generator` (the run, the team, the classes),
`sales` (products, order lines, payments), `companies` (customers and the plan of their
business), `people` (names, phones, contacts), `followups` (follow-ups, complaints),
`credit` (credit requests); `state` is what the passes share, `randomness` the seeded
random numbers and ids. Qt-free: the CLI and the GUI both call `generate_demo`.
"""

from crm_desktop.demo.companies import make_uscc
from crm_desktop.demo.generator import TEAM, DemoSummary, generate_demo, sales_share_of_top

__all__ = ["TEAM", "DemoSummary", "generate_demo", "make_uscc", "sales_share_of_top"]
