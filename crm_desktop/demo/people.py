"""People: names, phones and the personal details of the contacts (客户资料卡 基础资料)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import TYPE_CHECKING

from crm_desktop.demo.pools import landline
from crm_desktop.demo.randomness import some_day
from crm_desktop.demo.state import record_columns
from crm_desktop.messages import msg
from crm_desktop.models import bulk_insert

if TYPE_CHECKING:
    from crm_desktop.demo.state import DemoState

# --- people ---------------------------------------------------------------------------

TITLES_BY_ROLE = {
    "owner": ("董事长", "总经理", "老板"),
    "manager": ("总经理", "副总经理", "经理", "店长"),
    "legal_rep": ("法定代表人", "董事长", "执行董事"),
    "purchasing": ("采购经理", "采购主管", "采购员"),
    "finance": ("财务经理", "会计", "出纳", "财务主管"),
    "other": ("业务经理", "仓库主管", "行政主管", "技术主管"),
}
CHARACTERS = (
    "性格开朗，健谈",
    "稳重细致，做事讲原则",
    "为人豪爽，重情义",
    "谨慎多疑，决策较慢",
    "精明干练，讲究效率",
    "随和低调，好相处",
    "要求严格，注重细节",
    "热情直爽，说话算数",
)
INTERESTS = (
    "关注行业动态",
    "喜欢研究茶文化",
    "关注子女教育",
    "对新技术感兴趣",
    "喜欢历史和传统文化",
    "关注健康养生",
    "热衷投资理财",
    "喜欢收藏字画",
)
HOBBIES = (
    "打高尔夫球",
    "钓鱼",
    "喝茶品茗",
    "打羽毛球",
    "爬山徒步",
    "书法",
    "摄影",
    "打乒乓球",
    "下围棋",
    "自驾游",
    "游泳",
    "唱歌",
)
FAMILIES = (
    "已婚，一个儿子在读大学",
    "已婚，女儿刚上小学",
    "已婚，有一儿一女",
    "未婚",
    "已婚，孩子在国外留学",
    "已婚，与父母同住",
    "已婚，爱人是中学老师",
)
EDUCATIONS = ("大专", "本科", "本科", "本科", "硕士", "MBA", "高中", "中专")
ABILITIES = (
    "业务能力强，人脉广",
    "管理经验丰富",
    "财务把关严格",
    "谈判能力强",
    "执行力强，反应快",
    "技术出身，懂产品",
)
SOCIAL_GROUPS = ("", "", "", "本地商会会员", "行业协会理事", "同乡会", "扶轮社", "校友会")
RELIGIONS = ("", "", "", "", "", "", "佛教", "基督教")
EMAIL_DOMAINS = ("163.com", "qq.com", "126.com", "sina.com", "139.com")


def write_contacts(state: DemoState) -> None:
    """Two or three contacts a customer with personal details; some birthdays in the coming week."""
    cols = record_columns(
        "customer_id",
        "name",
        "role",
        "title",
        "gender",
        "phone",
        "mobile",
        "email",
        "wechat",
        "birthday",
        "character",
        "interests",
        "hobbies",
        "family",
        "education",
        "ability",
        "social_groups",
        "religion",
        "notes",
        "is_primary",
    )
    state.n_contacts = bulk_insert("contact", cols, _contact_rows(state))
    state.say(msg("demo.contacts", count=state.n_contacts))


def _contact_rows(state: DemoState) -> Iterator[tuple]:
    rng, pools = state.rng, state.pools
    this_year = state.today.year
    k = 0
    for i, plan in enumerate(state.plans):
        cid = state.first_customer + i
        primary, mobile, legal_rep, lr_gender, _manager, _prop, area, p_gender = state.people[i]
        people = [
            (
                primary,
                p_gender,
                rng.choice(("purchasing", "purchasing", "other")),
                mobile,
            ),
            (legal_rep, lr_gender, "legal_rep", pools.mobile(rng)),
        ]
        if plan.contact_count > 2:
            name, gender = pools.person(rng)
            people.append(
                (
                    name,
                    gender,
                    rng.choice(("finance", "other", "purchasing")),
                    pools.mobile(rng),
                )
            )
        for j, (name, gender, role, mob) in enumerate(people):
            k += 1
            if k % 29 == 0:  # a birthday within the coming week: 送生日礼物
                soon = state.today + timedelta(days=k % 7 + 1)
                year = rng.randint(1962, 1995)
                try:
                    birthday = soon.replace(year=year)
                except ValueError:  # 29 February
                    birthday = soon.replace(year=year, day=28)
            elif rng.random() < 0.85:
                birthday = some_day(rng, 1962, 1998)
            else:
                birthday = None
            age_note = (
                f"{this_year - birthday.year}岁左右" if birthday and rng.random() < 0.2 else ""
            )
            stamp = state.stamp(rng.randrange(state.DAYS))
            yield (
                plan.contact_first + j, state.uuid(), stamp, stamp, 1, None, cid, name, role,
                rng.choice(TITLES_BY_ROLE[role]), gender,
                landline(rng, area) if rng.random() < 0.4 else "", mob,
                f"{rng.choice(('wang', 'li', 'zhang', 'liu', 'chen', 'yang', 'zhao', 'huang'))}"
                f"{rng.randrange(1000, 99999)}@{rng.choice(EMAIL_DOMAINS)}"
                if rng.random() < 0.5 else "",
                mob if rng.random() < 0.6 else f"wx_{rng.randrange(10**6, 10**8)}",
                birthday and birthday.isoformat(),
                rng.choice(CHARACTERS), rng.choice(INTERESTS),
                "、".join(rng.sample(HOBBIES, rng.randint(1, 3))),
                rng.choice(FAMILIES), rng.choice(EDUCATIONS), rng.choice(ABILITIES),
                rng.choice(SOCIAL_GROUPS), rng.choice(RELIGIONS), age_note, j == 0,
            )  # fmt: skip
    state.people = []
