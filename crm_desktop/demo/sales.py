"""The sales history: the product catalogue, two years of order lines, and the payments."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import TYPE_CHECKING

from crm_desktop.demo.randomness import cumulative
from crm_desktop.demo.state import CustomerPlan, next_id, record_columns
from crm_desktop.messages import msg
from crm_desktop.models import bulk_insert

if TYPE_CHECKING:
    from crm_desktop.demo.state import DemoState

# --- products ---------------------------------------------------------------------------

PRODUCT_LINES = (
    # category, unit, base price in yuan, items, variants
    (
        "办公用品",
        "箱",
        120,
        ("A4复印纸", "A3复印纸", "中性笔", "文件夹", "订书机"),
        ("70g", "80g", "标准装", "加厚"),
    ),
    (
        "电子元器件",
        "盒",
        85,
        ("贴片电阻", "电解电容", "LED灯珠", "继电器", "连接器"),
        ("0603", "0805", "工业级", "车规级"),
    ),
    (
        "五金工具",
        "套",
        260,
        ("电钻", "角磨机", "扳手组套", "螺丝刀组套", "卷尺"),
        ("家用", "专业", "重型", "迷你"),
    ),
    (
        "电线电缆",
        "卷",
        380,
        ("BV电线", "RVV护套线", "网线", "电源线"),
        ("1.5平方", "2.5平方", "4平方", "6平方"),
    ),
    (
        "包装材料",
        "件",
        95,
        ("瓦楞纸箱", "封箱胶带", "气泡膜", "缠绕膜"),
        ("小号", "中号", "大号", "特大号"),
    ),
    (
        "劳保用品",
        "箱",
        150,
        ("防护手套", "安全帽", "劳保鞋", "防尘口罩"),
        ("普通", "加厚", "防静电", "耐油"),
    ),
    ("清洁用品", "箱", 70, ("洗手液", "消毒液", "垃圾袋", "抹布"), ("500ml", "1L", "5L", "家庭装")),
    (
        "照明产品",
        "箱",
        210,
        ("LED球泡", "LED灯管", "面板灯", "投光灯"),
        ("9W", "18W", "36W", "100W"),
    ),
    (
        "食品饮料",
        "箱",
        60,
        ("矿泉水", "绿茶饮料", "苏打饼干", "坚果礼盒"),
        ("小瓶装", "大瓶装", "礼盒装", "量贩装"),
    ),
    (
        "汽车配件",
        "件",
        320,
        ("机油滤清器", "刹车片", "雨刮器", "火花塞"),
        ("经济型", "原厂型", "高性能", "通用型"),
    ),
    (
        "管材管件",
        "根",
        45,
        ("PPR水管", "PVC排水管", "镀锌钢管", "铝塑管"),
        ("20mm", "25mm", "32mm", "50mm"),
    ),
    (
        "卫浴洁具",
        "套",
        680,
        ("水龙头", "花洒", "坐便器", "洗手盆"),
        ("简约款", "标准款", "豪华款", "工程款"),
    ),
)


def write_products(state: DemoState) -> None:
    """The product catalogue: items × variants of each line, with Pareto-weighted popularity."""
    rng = state.rng
    first = next_id("product")
    rows = []
    state.product_ids = []
    state.product_prices = []
    weights = []
    pid = first
    for category, unit, base, items, variants in PRODUCT_LINES:
        for item in items:
            for variant in variants:
                price = int(base * rng.uniform(0.4, 2.5)) * 100 + rng.choice((0, 50, 80, 0))
                stamp = state.stamp(0)
                rows.append(
                    (
                        pid,
                        state.uuid(),
                        stamp,
                        stamp,
                        1,
                        None,
                        f"P{pid:04d}",
                        f"{item} {variant}",
                        category,
                        unit,
                        price,
                        True,
                    )
                )
                state.product_ids.append(pid)
                state.product_prices.append(price)
                weights.append(rng.paretovariate(1.2))
                pid += 1
    cols = "id uuid created_at updated_at version deleted_at code name category unit price active"
    state.n_products = bulk_insert("product", cols.split(), rows)
    state.product_cum = cumulative(weights)
    state.say(msg("demo.products", count=state.n_products))


def write_sales(state: DemoState) -> None:
    """Order lines in each buyer's sales window, grouped into orders; plans the payments."""
    cols = record_columns(
        "customer_id",
        "product_id",
        "salesperson_id",
        "order_no",
        "date",
        "quantity",
        "unit_price",
        "amount",
        "note",
    )
    state.first_sale = next_id("sale")
    state.n_sales = bulk_insert("sale", cols, _sale_rows(state))
    state.say(msg("demo.sales_lines", count=state.n_sales))


def _sale_rows(state: DemoState) -> Iterator[tuple]:
    rng = state.rng
    sid = state.first_sale
    order_seq = 0
    products, prices, pcum = state.product_ids, state.product_prices, state.product_cum
    ptop = pcum[-1]
    day, stamp_times = (
        state.day,
        ("09:12:00", "10:30:00", "11:05:00", "14:20:00", "15:45:00", "16:30:00"),
    )
    notes = ("", "", "", "", "", "", "", "", "加急", "赠品", "样品", "补货")
    say_every = 200_000
    for i, plan in enumerate(state.plans):
        total = 0
        if plan.lines:
            cid = state.first_customer + i
            days = sorted(rng.randint(plan.first_day, plan.last_day - 1) for _ in range(plan.lines))
            # lines of one day form an order of 1–4 lines
            orders: list[tuple[int, int]] = []  # (day offset, amount of the order)
            j = 0
            while j < len(days):
                d = days[j]
                size = rng.randint(1, 4)
                order_seq += 1
                order_no = f"SO{day(d).replace('-', '')}{order_seq:07d}"
                created = f"{day(d)} {rng.choice(stamp_times)}"
                order_amount = 0
                for _ in range(size):
                    if j >= len(days):
                        break
                    p = bisect.bisect_right(pcum, rng.random() * ptop)
                    qty = max(1, int(rng.expovariate(1 / 6) * plan.scale) + 1)
                    unit = prices[p] * rng.choice((100, 100, 98, 95, 92, 90)) // 100
                    amount = qty * unit
                    order_amount += amount
                    yield (
                        sid, state.uuid(), created, created, 1, None, cid, products[p],
                        plan.owner, order_no, day(d), qty, unit, amount, rng.choice(notes),
                    )  # fmt: skip
                    sid += 1
                    j += 1
                    if (sid - state.first_sale) % say_every == 0:
                        state.say(
                            msg("demo.sales_lines_so_far", count=sid - state.first_sale),
                            passed=False,
                        )
                total += order_amount
                orders.append((d, order_amount))
            _plan_payments(state, i, plan, orders)
        state.totals.append(total)


def _plan_payments(
    state: DemoState, i: int, plan: CustomerPlan, orders: list[tuple[int, int]]
) -> None:
    """About 0.3 payments per sales line; late payers pay weeks after the due date, or not yet."""
    rng = state.rng
    count = max(1, min(len(orders), int(plan.lines * 0.32 + rng.random())))
    step = len(orders) / count
    for c in range(count):
        chunk = orders[int(c * step) : int((c + 1) * step)] or orders[-1:]
        amount = sum(a for _, a in chunk)
        if plan.prepaid:
            pay_day = chunk[0][0] - rng.randint(0, 3)
        else:
            pay_day = chunk[-1][0] + plan.collection_days + rng.randint(-5, 10)
        if plan.late:
            pay_day += rng.randint(30, 150)
            if rng.random() < 0.3:
                amount = amount * rng.randint(5, 9) // 10
        if pay_day >= state.DAYS:  # not yet paid: outstanding
            continue
        state.pay_plan.append((i, max(0, pay_day), amount))


def write_payments(state: DemoState) -> None:
    """The planned payments (late payers late, some not yet paid)."""
    cols = record_columns(
        "customer_id",
        "date",
        "amount",
        "method",
        "reference",
        "recorded_by_id",
        "note",
    )
    first = next_id("payment")
    rng = state.rng
    methods = ("transfer", "transfer", "transfer", "cash", "cheque", "acceptance")

    def rows() -> Iterator[tuple]:
        for k, (i, d, amount) in enumerate(state.pay_plan):
            stamp = state.stamp(d)
            plan = state.plans[i]
            yield (
                first + k, state.uuid(), stamp, stamp, 1, None, state.first_customer + i,
                state.day(d), amount, rng.choice(methods),
                f"HK{state.day(d).replace('-', '')}{k:06d}", plan.owner,
                "逾期付款" if plan.late and rng.random() < 0.5 else "",
            )  # fmt: skip

    state.n_payments = bulk_insert("payment", cols, rows())
    state.pay_plan = []
    state.say(msg("demo.payments", count=state.n_payments))
