"""The cost of the team's rules on PostgreSQL: the card's history and timeline read as
a salesperson's database role (row-level security) against the database owner.

    python bench/bench_pg_rules.py --db postgresql://user@host:port/copy_of_a_demo [--runs 9]

It WRITES to the database: installs the team's rules (models/pg_security.py) and
gives the salesperson with the most customers a password (and so their role). Run it
on a copy (`CREATE DATABASE x TEMPLATE demo`), never on a team's database.

Timed, medians of `--runs` after one warm-up, in this process: the card's history
(`customer_history`, the card's and its contacts' entries) and timeline of the
salesperson's customer with the most history entries, and every history entry the
role may read (`SELECT count(*) FROM change_log`, the worst case a policy meets).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import median_ms  # noqa: E402

PASSWORD = "bench-rules-password"


def _pressure() -> str:
    try:
        return Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except OSError:
        return "n/a"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a PostgreSQL demo copy the bench may write")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()

    from crm_desktop.models import database, open_database
    from crm_desktop.models import pg_security as sec
    from crm_desktop.services import auth
    from crm_desktop.services.customers import customer_history
    from crm_desktop.services.followups.timeline import customer_timeline

    open_database(args.db)
    sec.install()
    admin = auth.get_actor("admin")
    seller_id, username = database.execute_sql(
        'SELECT u.id, u.username FROM "user" u JOIN customer c ON c.owner_id = u.id '
        "WHERE u.role = 'salesperson' GROUP BY u.id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    customer_id = database.execute_sql(
        "SELECT c.id FROM customer c JOIN change_log l ON l.entity = 'customer' "
        "AND l.entity_id = c.id WHERE c.owner_id = %s GROUP BY c.id "
        "ORDER BY count(*) DESC, c.id LIMIT 1",
        (seller_id,),
    ).fetchone()[0]
    for name in ("admin", username):
        auth.set_password(admin, name, PASSWORD)

    def timings(actor) -> dict[str, float]:
        entries = len(customer_history(actor, customer_id))
        events = len(customer_timeline(actor, customer_id))
        return {
            f"card history ({entries} entries)": median_ms(
                lambda: customer_history(actor, customer_id), args.runs
            ),
            f"card timeline ({events} events)": median_ms(
                lambda: customer_timeline(actor, customer_id), args.runs
            ),
            "every history entry it may read (count)": median_ms(
                lambda: database.execute_sql("SELECT count(*) FROM change_log").fetchone(),
                max(3, args.runs // 3),
            ),
        }

    owner = timings(auth.get_actor(username))  # the owner's login: no policy applies
    auth.authenticate(username, PASSWORD)  # now the salesperson's role
    role = timings(auth.get_actor(username))
    print(f"CPU pressure: {_pressure()}")
    print("| operation | owner ms | salesperson's role ms | × |")
    print("|---|---|---|---|")
    for (label, a), b in zip(owner.items(), role.values(), strict=True):
        print(f"| {label} | {a:,.1f} | {b:,.1f} | {b / a:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
