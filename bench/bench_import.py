"""Import benchmark: a 100k-row × 20-column customer workbook, end to end into an empty database.

Compares, each in a fresh process (medians of --runs):
  - python-calamine reading the sheet alone (the baseline the target is set against),
  - pandas.read_excel(engine="calamine") on the same file (when pandas is installed),
  - `crm-desktop import customers` end to end (read, clean, dedup, insert, ChangeLog,
    search index) into an empty database, with its phases,
  - the wizard's preview of the first 200 rows,
and the peak memory (ru_maxrss) of each.

    python bench/bench_import.py [--rows 100000] [--runs 3] [--file PATH] [--inline-strings]
                                 [--passphrase P] [--custom-fields N] [--db URL]

Each kind that opens a database ("import", "dry-run", "clean", "preview") opens a new
SQLite file; with --db URL (a PostgreSQL URL) it opens that database instead, dropped
and created again before each run (its name is the benchmark's: never a database
whose data you want to keep).

--custom-fields N (1-5) heads N of the 20 columns with words no field knows (渠道经理,
合作层级, 区域, 对接部门, 客户标签 instead of 电话, 开户银行, 行业, 成立日期, 收款期限) and
imports with those columns made custom fields (`--keep-unmapped`), as the issue's
measure asks: N columns kept as custom fields, value mapping on.

--passphrase P adds `import_encrypted`: the same import into an empty encrypted
(SQLCipher) database, interleaved with the plain one (SQLite only: not with --db).
The imports (and the dry run) are timed from the opening of an empty database (its
schema made beforehand, untimed) to the end.
    python bench/bench_import.py --csv --rows 1000000 --runs 1 --only dry-run
    python bench/bench_import.py --only calamine clean import

`--only clean` times the cleaning of the rows alone (ColumnCleaner over the import's
blocks, the rows read beforehand, untimed): its wall time and its CPU time.

`--csv` writes the same rows as a UTF-8 CSV (a long export); `--only dry-run` runs the
import with `--dry-run` (everything but the commit), as one checks a long list first.

The workbook keeps its text in a shared-strings table, as Excel saves it;
--inline-strings writes each text in its cell instead (xlsxwriter's constant-memory
mode, what some exporters do).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (  # noqa: E402
    SERVER_DATABASES,
    describe_db,
    empty_pg_database,
    is_pg_url,
    pg_database_name,
)

HEADERS = [
    "客户名称",
    "客户代号",
    "联系人",
    "联系电话",
    "电话",
    "地址",
    "统一社会信用代码",
    "电子邮件",
    "发票种类",
    "组织形式",
    "注册资本(万元)",
    "成立日期",
    "年营业额(元)",
    "客户分类",
    "行业",
    "客户来源",
    "开户银行",
    "信用额度(元)",
    "收款期限(天)",
    "备注",
]

# columns headed with words no field knows (--custom-fields): each a custom field
CUSTOM_HEADERS = {"电话": "渠道经理", "开户银行": "合作层级", "行业": "区域",
                  "成立日期": "对接部门", "收款期限(天)": "客户标签"}  # fmt: skip

_USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_W = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc(rng: random.Random) -> str:
    """A unified social credit code with a correct check character."""
    body = "91" + "".join(rng.choice("0123456789") for _ in range(6))
    body += "".join(rng.choice(_USCC) for _ in range(9))
    total = sum(_USCC.index(c) * w for c, w in zip(body, _W, strict=True))
    return body + _USCC[(31 - total % 31) % 31]


def bench_rows(rows: int, seed: int = 1) -> Iterator[list]:
    """The benchmark's data rows, realistic values (numbers as numbers, days as dates)."""
    rng = random.Random(seed)
    cities = ["北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "南京", "西安", "苏州"]
    words = ["华夏", "东方", "宏达", "鑫源", "恒通", "金穗", "瑞丰", "永信", "天成", "博远"]
    kinds = ["科技", "贸易", "电子", "机械", "食品", "建材", "物流", "医药", "服装", "化工"]
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
    given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"
    industries = ["制造", "批发", "零售", "餐饮", "建筑", "运输", "软件", "医疗"]
    banks = ["中国工商银行", "中国建设银行", "中国银行", "招商银行", "农业银行"]
    invoices = ["增值税发票", "普通发票", ""]
    orgs = ["国营企业", "乡镇企业", "个体", "外商独资", "中外合资、合作", ""]
    classes = ["A", "B", "C", "D", "b", ""]
    sources = ["亲朋好友", "团体", "出版物", "合作伙伴", "其他", ""]
    start = date(1990, 1, 1)
    for i in range(1, rows + 1):
        city = rng.choice(cities)
        yield [
            f"{city}{rng.choice(words)}{rng.choice(kinds)}有限公司{i}",
            f"K{i:07d}",
            rng.choice(surnames) + rng.choice(given) + rng.choice(given),
            13_000_000_000 + rng.randrange(999_999_999),
            f"0{rng.randrange(10, 999)}-{rng.randrange(10**7, 10**8)}",
            f"{city}市{rng.choice(words)}路{rng.randrange(1, 999)}号",
            uscc(rng) if rng.random() < 0.7 else "",
            f"user{i}@example.com",
            rng.choice(invoices),
            rng.choice(orgs),
            rng.randrange(10, 5000),
            start + timedelta(days=rng.randrange(12000)),
            rng.randrange(10**5, 10**9),
            rng.choice(classes),
            rng.choice(industries),
            rng.choice(sources),
            rng.choice(banks),
            rng.randrange(0, 500) * 1000,
            rng.choice([15, 30, 45, 60, 90]),
            rng.choice(["", "老客户", "年底回访", "需要发票"]),
        ]


def make_workbook(
    path: Path, rows: int, seed: int = 1, inline_strings: bool = False, custom: int = 0
) -> Path:
    """Write the benchmark workbook with xlsxwriter (`custom`: columns headed so that they
    become custom fields)."""
    import xlsxwriter

    renamed = dict(list(CUSTOM_HEADERS.items())[:custom])
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": inline_strings})
    ws = wb.add_worksheet("客户")
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    for c, h in enumerate(HEADERS):
        ws.write_string(0, c, renamed.get(h, h))
    for r, values in enumerate(bench_rows(rows, seed), start=1):
        for c, value in enumerate(values):
            if isinstance(value, str):
                ws.write_string(r, c, value)
            elif isinstance(value, date):
                ws.write_datetime(r, c, value, date_fmt)
            else:
                ws.write_number(r, c, value)
    wb.close()
    return path


def make_csv(path: Path, rows: int, seed: int = 1) -> Path:
    """The same rows as a UTF-8 CSV (days as 2024-01-31), as a long export would be."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADERS)
        writer.writerows(bench_rows(rows, seed))
    return path


# --- one measurement per fresh process ---------------------------------------------------


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _empty_database(db: str, passphrase: str | None) -> object:
    """An empty crm-desktop database at `db` (encrypted with `passphrase`), closed; the
    target that opens it. A PostgreSQL URL names a database emptied beforehand: its
    schema is made here."""
    from crm_desktop.models import DbTarget, close_database, open_database
    from crm_desktop.models.cipher import export

    if is_pg_url(db):
        open_database(DbTarget(url=db))
        close_database()
        return DbTarget(url=db)
    plain = Path(db) if passphrase is None else Path(f"{db}.plain")
    open_database(DbTarget(path=plain))
    close_database()
    if passphrase is None:
        return DbTarget(path=plain)
    export(plain, Path(db), source_key=None, dest_key=passphrase)
    for leftover in (plain, Path(f"{plain}-wal"), Path(f"{plain}-shm")):
        leftover.unlink(missing_ok=True)
    return DbTarget(path=Path(db), passphrase=passphrase)


def _child(kind: str, path: str, db: str) -> dict:
    import resource

    target = None
    if kind in ("import", "import_encrypted", "dry-run"):
        passphrase = os.environ.get("CRM_BENCH_PASSPHRASE") if kind == "import_encrypted" else None
        target = _empty_database(db, passphrase)
    start = time.perf_counter()
    out: dict = {}
    if kind == "calamine":
        from python_calamine import CalamineWorkbook

        wb = CalamineWorkbook.from_path(path)
        rows = wb.get_sheet_by_index(0).to_python()
        out["rows"] = len(rows)
    elif kind == "pandas":
        import pandas

        frame = pandas.read_excel(path, engine="calamine")
        out["rows"] = len(frame)
    elif kind in ("import", "import_encrypted", "dry-run"):
        from crm_desktop.models import open_database
        from crm_desktop.offload import Offload
        from crm_desktop.services import importing
        from crm_desktop.services.auth import get_actor

        close = Offload.close

        def watched_close(self: Offload) -> None:  # the helper's own peak, before it exits
            if self.process is not None:
                status = Path(f"/proc/{self.process.pid}/status").read_text()
                hwm = next(line for line in status.splitlines() if line.startswith("VmHWM"))
                out["helper_peak_mb"] = int(hwm.split()[1]) / 1024
            close(self)

        Offload.close = watched_close  # type: ignore[method-assign]

        open_database(target)
        actor = get_actor("admin")
        source = importing.open_source(actor, path, preview_rows=0)  # as the CLI does
        custom = os.environ.get("CRM_BENCH_CUSTOM") == "1"  # --keep-unmapped, a manager
        result = importing.run_import(
            actor, source, dry_run=kind == "dry-run", unmapped_as_fields=custom
        )
        out.update(created=result.created, rejected=result.rejected, phases=result.timings)
    elif kind == "clean":  # the cleaning of the rows alone (ColumnCleaner), after reading
        from crm_desktop.models import open_database
        from crm_desktop.services import importing
        from crm_desktop.services.auth import get_actor
        from crm_desktop.services.importing.cleaning import ColumnCleaner
        from crm_desktop.services.importing.mapping import merged_value_maps

        open_database(db)
        actor = get_actor("admin")
        source = importing.full_source(importing.open_source(actor, path, preview_rows=0))
        rows = [row for _n, row in source.customer_rows()]
        cleaner = ColumnCleaner(source.columns, value_maps=merged_value_maps(None))
        start, cpu = time.perf_counter(), time.process_time()
        for at in range(0, len(rows), 2_000):  # the import's blocks
            cleaner.clean(rows[at : at + 2_000])
        out.update(rows=len(rows), clean_cpu=time.process_time() - cpu)
    elif kind == "preview":
        from crm_desktop.models import open_database
        from crm_desktop.services import importing
        from crm_desktop.services.auth import get_actor

        open_database(db)
        actor = get_actor("admin")
        source = importing.open_source(actor, path, preview_rows=200)
        rows = importing.preview(actor, source, limit=200)
        out["rows"] = len(rows)
    out["seconds"] = time.perf_counter() - start
    out["peak_mb"] = _peak_mb()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    out["cpu"] = usage.ru_utime + usage.ru_stime  # whole process, start-up included
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    out["helper_cpu"] = children.ru_utime + children.ru_stime
    return out


def _run(kind: str, path: Path, workdir: Path, i: int, pg_url: str | None = None) -> dict:
    """One run of `kind` in a fresh process: into a new SQLite file, or with `pg_url` into
    that PostgreSQL database emptied first (the kinds that open one)."""
    db = workdir / f"{kind}-{i}.db"
    on_pg = pg_url is not None and kind not in ("calamine", "pandas")
    if on_pg:
        empty_pg_database(pg_url)
    proc = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path), pg_url if on_pg else str(db)],
        capture_output=True,
        text=True,
        check=False,
    )
    for part in workdir.glob(f"{db.name}*"):  # the database, its journal: a 1M-row one is GBs
        part.unlink()
    if proc.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def cpu_pressure() -> str:
    """Share of time runnable tasks waited for a CPU (Linux PSI), to judge wall-clock numbers."""
    try:
        return Path("/proc/pressure/cpu").read_text().splitlines()[0].split()[1]
    except OSError:
        return "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--file", type=Path)
    parser.add_argument("--inline-strings", action="store_true")
    parser.add_argument("--csv", action="store_true", help="a UTF-8 CSV instead of a workbook")
    parser.add_argument("--only", nargs="*", default=["calamine", "pandas", "import", "preview"])
    parser.add_argument("--child", nargs=3, metavar=("KIND", "FILE", "DB"))
    parser.add_argument("--passphrase", help="also import into an encrypted database")
    parser.add_argument("--custom-fields", type=int, default=0, choices=range(6))
    parser.add_argument(
        "--db",
        metavar="URL",
        help="a PostgreSQL database to import into, dropped and created again before each run",
    )
    args = parser.parse_args()
    if args.db and not is_pg_url(args.db):
        parser.error(
            "--db takes a PostgreSQL URL (postgresql://user@host:port/name); "
            "without it each run imports into a new SQLite file"
        )
    if args.db and pg_database_name(args.db) in SERVER_DATABASES:
        parser.error(f"--db {describe_db(args.db)}: name a database of the benchmark's own")
    if args.db and args.passphrase:
        parser.error(
            "--passphrase encrypts a SQLite file (SQLCipher): not with --db, "
            "a PostgreSQL server is not encrypted by the app"
        )
    if args.passphrase:
        os.environ["CRM_BENCH_PASSPHRASE"] = args.passphrase  # the children's, not argv
        if "import" in args.only:
            args.only.insert(args.only.index("import") + 1, "import_encrypted")
    if args.child:
        print(json.dumps(_child(*args.child)))
        return
    workdir = Path(tempfile.mkdtemp(prefix="crm-bench-import-"))
    form = "inline" if args.inline_strings else "shared"
    if args.custom_fields:
        os.environ["CRM_BENCH_CUSTOM"] = "1"  # the children's
        form += f"-{args.custom_fields}custom"
    name = f"customers-{args.rows}.csv" if args.csv else f"customers-{args.rows}-{form}.xlsx"
    path = args.file or workdir / name
    if path.suffix.lower() == ".csv":  # calamine and pandas.read_excel read workbooks only
        args.only = [k for k in args.only if k not in ("calamine", "pandas")]
    if not path.exists():
        t = time.perf_counter()
        if args.csv:
            make_csv(path, args.rows)
        else:
            make_workbook(
                path, args.rows, inline_strings=args.inline_strings, custom=args.custom_fields
            )
        print(
            f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t:.1f} s"
        )
    try:
        import pandas  # noqa: F401
    except ImportError:
        if "pandas" in args.only:
            print("pandas not installed: skipped")
            args.only = [k for k in args.only if k != "pandas"]
    results: dict[str, list[dict]] = {k: [] for k in args.only}
    if args.db:
        print(f"database: PostgreSQL {describe_db(args.db)}, emptied before each run")
    else:
        print("database: SQLite, a new file for each run")
    print(f"CPU pressure before: {cpu_pressure()}")
    for i in range(args.runs):  # interleaved, so drift on a shared machine hits all alike
        for kind in args.only:
            results[kind].append(_run(kind, path, workdir, i, args.db))
    base = (
        statistics.median(r["seconds"] for r in results.get("calamine", []))
        if "calamine" in results
        else None
    )
    for kind, runs in results.items():
        secs = statistics.median(r["seconds"] for r in runs)
        cpu = statistics.median(r["cpu"] for r in runs)
        peak = statistics.median(r["peak_mb"] for r in runs)
        ratio = f"  {secs / base:.2f}× calamine" if base else ""
        each = ", ".join(f"{r['seconds']:.2f}" for r in runs)
        print(
            f"{kind:9s} median {secs:6.2f} s (process CPU {cpu:5.2f} s)  peak {peak:5.0f} MB"
            f"{ratio}  (runs: {each})"
        )
        if kind == "clean":
            print(
                f"          cleaning alone: CPU {statistics.median(r['clean_cpu'] for r in runs):.2f} s"
            )
        if kind.startswith("import") or kind == "dry-run":
            middle = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
            print(
                "          phases: "
                + ", ".join(f"{k} {v:.2f} s" for k, v in middle["phases"].items())
            )
            if "helper_peak_mb" in middle:
                print(
                    f"          search-document helper process: CPU {middle['helper_cpu']:.2f} s, "
                    f"peak {middle['helper_peak_mb']:.0f} MB; both processes "
                    f"{middle['peak_mb'] + middle['helper_peak_mb']:.0f} MB"
                )
    if "import" in results and "import_encrypted" in results:
        plain = statistics.median(r["seconds"] for r in results["import"])
        encrypted = statistics.median(r["seconds"] for r in results["import_encrypted"])
        print(f"encryption at rest: import {100 * (encrypted / plain - 1):+.0f} % (medians)")
    print(f"CPU pressure after: {cpu_pressure()}")


if __name__ == "__main__":
    main()
