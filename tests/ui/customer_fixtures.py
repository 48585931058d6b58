"""Small customer sets for the UI tests of the list, the window and start-up."""

from __future__ import annotations

from crm_desktop.models import transaction
from crm_desktop.services.customers import create_customer

NAMES = [
    "华鑫科技有限公司",
    "东方贸易",
    "金达五金",
    "瑞丰食品",
    "天成建材",
    "宏远电子",
    "新世纪百货",
    "长江物流",
]
STAGES = ["potential", "prospective", "current", "lost"]


def make_customers(team: dict, count: int = 24) -> list[int]:
    """`count` customers spread over stages, classes, ratings and the two salespeople."""
    ids = []
    owners = ["sales1", "sales2", "manager"]
    with transaction():
        for i in range(count):
            card = create_customer(
                team["admin"],
                {
                    "name": f"{NAMES[i % len(NAMES)]}{i:02d}",
                    "stage": STAGES[i % 4],
                    "abc_class": "ABCD"[i % 4 if i % 3 else 0],
                    "credit_rating": "ABC"[i % 3],
                    "owner": owners[i % 3],
                    "contact_name": "王明",
                    "contact_phone": f"1380000{i:04d}",
                    "address": f"上海市浦东新区{i}号",
                    "credit_limit": str(1000 * (i + 1)),
                },
            )
            ids.append(card.id)
    return ids
