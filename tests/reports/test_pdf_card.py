"""The 客户资料卡 PDF via the print job: facts, contacts, follow-ups, credit, sales."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from pdf_check import fonts_of, page_texts, squeeze, text_positions
from pypdf import PdfReader

from crm_desktop.errors import NotFound, PermissionDenied
from crm_desktop.jobs.printing import print_customers
from crm_desktop.models import (
    AuditEvent,
    Complaint,
    Contact,
    CreditRequest,
    Customer,
    FollowUp,
    Payment,
    Sale,
    transaction,
)
from crm_desktop.reports.pdf_fonts import get_fontset
from crm_desktop.services.customers import add_contact, create_customer, update_customer
from crm_desktop.services.fields import fields_in_group
from crm_desktop.services.settings import set_setting

TODAY = date(2026, 11, 22)


@pytest.fixture
def customer(team):
    admin = team["admin"]
    set_setting(admin, "company_name", "示例贸易有限公司")
    card = create_customer(
        team["sales1"],
        {
            "name": "远东贸易 ACME <GmbH>",
            "code": "C100",
            "address": "上海市浦东新区世纪大道1000号",
            "service_area": "华东地区",
            "problems": "回款偏慢",
            "cooperation_attitude": "积极配合",
            "reputation": "业内口碑良好",
        },
    )
    add_contact(
        team["sales1"],
        card.id,
        {
            "name": "李小红",
            "role": "purchasing",
            "birthday": "1980-05-06",
            "hobbies": "钓鱼、高尔夫",
            "family": "已婚，一子",
            "religion": "佛教",
            "is_primary": True,
        },
    )
    with transaction():
        FollowUp.create(
            customer=card.id, owner=team["sales1"].id, kind="dinner", subject="季度宴请",
            due_at=datetime(2026, 10, 1, 18), status="done", done_at=datetime(2026, 10, 1, 21),
            outcome="签订新合同 <100万>",
        )  # fmt: skip
        CreditRequest.create(
            customer=card.id, requested_by=team["sales1"].id, proposed_limit=Decimal("80000"),
            proposed_days=45, status="approved", decided_by=admin.id,
            decided_at=datetime(2026, 9, 1, 9), approved_limit=Decimal("60000"),
            reason="业务增长", comment="先给六万",
        )  # fmt: skip
        for month, amount in ((1, "1000"), (3, "2500.50"), (3, "500"), (11, "7000")):
            Sale.create(customer=card.id, date=date(2026, month, 15), amount=Decimal(amount))
        Sale.create(customer=card.id, date=date(2025, 10, 15), amount=Decimal("99999"))
    return card


def test_card_has_every_section(team, customer, tmp_path):
    out = tmp_path / "card.pdf"
    result = print_customers(
        team["admin"], out, codes=["C100"], kind="card", lang="zh_CN", today=TODAY
    )
    assert result.customers == 1 and result.pages == len(PdfReader(str(out)).pages) >= 1
    text = squeeze("".join(page_texts(out)))
    for group in ("基础资料", "付款状况", "客户特征", "业务状况", "交易现状"):
        assert group in text
    for group in ("characteristics", "business", "transaction"):
        for spec in fields_in_group(group):
            assert squeeze(spec.zh) in text, spec.zh
    for value in (
        "远东贸易ACME<GmbH>(C100)", "华东地区", "回款偏慢", "积极配合", "业内口碑良好",
        "李小红", "1980年5月6日", "钓鱼、高尔夫", "已婚，一子", "佛教", "采购",
        "季度宴请", "宴请", "签订新合同<100万>", "2026-10-0121:00",
        "80,000.00元", "45天", "60,000.00元", "先给六万", "已核定", "张伟", "Administrator",
        "示例贸易有限公司",
    ):  # fmt: skip
        assert value in text, value
    # sales per month, the last 12 months only (2025-10 is outside)
    assert "2026年3月23,000.50元" in text
    assert "2026年11月17,000.00元" in text and "2025年12月00.00元" in text
    assert "合计411,000.50元" in text and "99,999.00" not in text
    for font in fonts_of(out):
        assert font["descriptor"] is not None and "/FontFile2" in font["descriptor"]


def test_card_in_english(team, customer, tmp_path):
    out = tmp_path / "card.pdf"
    print_customers(team["admin"], out, codes=["C100"], kind="card", lang="en", today=TODAY)
    text = squeeze("".join(page_texts(out)))
    for label in ("CustomerProfileCard", "Characteristics", "Contacts", "Recentfollow-ups",
                  "Credithistory", "Sales,last12months", "Hobbies", "Dinner", "Approved"):  # fmt: skip
        assert label in text, label


def test_each_customer_starts_a_page_and_print_is_audited(team, customer, tmp_path):
    create_customer(team["admin"], {"name": "第二客户", "code": "C200"})
    out = tmp_path / "cards.pdf"
    result = print_customers(
        team["admin"], out, codes=["C100", "C200"], kind="card", lang="zh_CN", today=TODAY
    )
    texts = page_texts(out)
    starts = [i for i, t in enumerate(texts) if "(C200)" in squeeze(t)]
    assert starts and "远东贸易" not in texts[starts[0]]
    event = AuditEvent.select().where(AuditEvent.action == "print").get()
    assert event.count == 2 and event.user_id == team["admin"].id
    assert "card" in event.detail and "C100" in event.detail and "C200" in event.detail
    assert result.pages == len(texts)


def test_salesperson_prints_only_own_customers(team, customer, tmp_path):
    out = tmp_path / "card.pdf"
    with pytest.raises(PermissionDenied, match="C100"):
        print_customers(team["sales2"], out, codes=["C100"], kind="card")
    with pytest.raises(PermissionDenied):
        print_customers(team["sales2"], out, ids=[customer.id], kind="form")
    assert not out.exists()
    assert AuditEvent.select().where(AuditEvent.action == "print").count() == 0
    print_customers(team["sales1"], out, codes=["C100"], kind="form")
    assert out.exists()


def test_unknown_codes_named_and_nothing_written(team, customer, tmp_path):
    out = tmp_path / "x.pdf"
    with pytest.raises(NotFound, match="NOPE, X2"):
        print_customers(team["admin"], out, codes=["C100", "NOPE", "X2"], kind="card")
    assert not out.exists()


def test_form_through_service_shows_approval(team, customer, tmp_path):
    """The form names who approved the current limit and when (信用额度金额由总经理核定)."""
    from crm_desktop.models import Customer

    Customer.update(
        credit_limit=Decimal("60000"),
        credit_approved_by=team["admin"].id,
        credit_approved_at=datetime(2026, 9, 1, 9),
    ).where(Customer.id == customer.id).execute()
    out = tmp_path / "form.pdf"
    result = print_customers(team["admin"], out, ids=[customer.id], lang="zh_CN", today=TODAY)
    text = squeeze(page_texts(out)[0])
    assert "信用额度金额由总经理核定核定人:Administrator核定日期:2026年9月1日" in text
    assert "60,000.00元" in text and "打印日期:2026年11月22日" in text
    assert result.pages == 1


def _page_owner(text: str) -> tuple[str, int, int]:
    """(customer code, page, of pages) from a card page's footer."""
    text = squeeze(text)
    pages = re.findall(r"第(\d+)页/共(\d+)页", text)
    codes = re.findall(r"\((C\d+)\)", text)
    assert len(pages) == 1 and codes, text[-200:]
    return codes[-1], int(pages[0][0]), int(pages[0][1])


def test_pages_name_their_customer_and_count_within_it(team, customer, tmp_path):
    """Every page names its customer and says page x of y, counted per customer."""
    with transaction():
        for i in range(40):
            FollowUp.create(
                customer=customer.id, owner=team["sales1"].id, kind="call", subject=f"电话{i}",
                due_at=datetime(2026, 1, 1, 9) + timedelta(days=i), status="done",
                done_at=datetime(2026, 1, 1, 10) + timedelta(days=i), outcome="谈妥" * 30,
            )  # fmt: skip
    create_customer(team["admin"], {"name": "第二客户", "code": "C200"})
    out = tmp_path / "cards.pdf"
    result = print_customers(
        team["admin"], out, codes=["C100", "C200"], kind="card", lang="zh_CN", today=TODAY
    )
    owners = [_page_owner(t) for t in page_texts(out)]
    for code in ("C100", "C200"):
        mine = [o for o in owners if o[0] == code]
        assert [o[1] for o in mine] == list(range(1, len(mine) + 1))
        assert {o[2] for o in mine} == {len(mine)}
    assert [o[0] for o in owners].count("C100") >= 2 and owners[-1][0] == "C200"
    assert result.pages == len(owners)
    assert all("张伟" not in t or "打印于" in squeeze(t) for t in page_texts(out))


def test_planned_follow_ups_come_first_and_the_cut_is_said(team, customer, tmp_path):
    """With 41 follow-ups the card lists the planned ones first and says 12 of 41."""
    with transaction():
        for i in range(37):
            FollowUp.create(
                customer=customer.id, owner=team["sales1"].id, kind="call", subject=f"旧电话{i}",
                due_at=datetime(2025, 1, 1, 9) + timedelta(days=i), status="done",
                done_at=datetime(2025, 1, 1, 10) + timedelta(days=i),
            )  # fmt: skip
        for i in range(3):
            FollowUp.create(
                customer=customer.id, owner=team["sales1"].id, kind="visit",
                subject=f"计划拜访{i}", due_at=datetime(2026, 12, 1 + i, 9), status="planned",
            )  # fmt: skip
    out = tmp_path / "card.pdf"
    print_customers(team["admin"], out, codes=["C100"], kind="card", lang="zh_CN", today=TODAY)
    text = squeeze("".join(page_texts(out)))
    assert "最近跟进（共41条，列出12条）" in text
    positions = [text.index(f"计划拜访{i}") for i in range(3)]
    assert positions == sorted(positions) and positions[-1] < text.index("季度宴请")
    assert "旧电话36" in text and "旧电话0" not in text  # the latest done ones, not the oldest


def test_receivables_aging_and_complaints_are_on_the_card(team, customer, tmp_path):
    """Balance, share of the limit, aging by days past due and complaints are printed."""
    with transaction():
        Customer.update(credit_limit=Decimal("20000"), collection_days=30).where(
            Customer.id == customer.id
        ).execute()
        Payment.create(customer=customer.id, date=date(2026, 11, 1), amount=Decimal("100000"))
        Complaint.create(
            customer=customer.id, subject="包装破损", description="三箱外包装压坏",
            severity="high", status="open", received_at=datetime(2026, 11, 2, 10),
        )  # fmt: skip
    # sales 110,999.50 - paid 100,000 = 10,999.50 owed: the newest sales are the open ones
    out = tmp_path / "card.pdf"
    print_customers(team["admin"], out, codes=["C100"], kind="card", lang="zh_CN", today=TODAY)
    text = squeeze("".join(page_texts(out)))
    assert "应收余额10,999.50元" in text and "已用额度55.0%" in text
    # 2026-11-15: 7,000 not yet due; the March sales (due in April): 3,999.50 over 90 days
    assert "7,000.00元0.00元0.00元0.00元3,999.50元" in text
    assert "包装破损" in text and "三箱外包装压坏" in text and "严重" in text and "待处理" in text


def _without_page_breaks(text: str) -> str:
    """Card text with what a page break puts inside a text removed: footer, page heading,
    and the repeated heading of the block that runs on."""
    return re.sub(
        r"第\d+页/共\d+页.*?打印日期:\d+年\d+月\d+日(示例贸易有限公司)?"
        r"(付款状况|客户特征|业务状况|交易现状|联系人:李小红★主要联系人"
        r"|最近跟进时间方式主题状态联系人业务员结果)?",
        "",
        text,
    )


def test_bad_input_prints_whole_with_a_warning(team, customer, tmp_path):
    """10,000-character remark, 80-line contact notes, every long field at once, extension-B,
    emoji and right-to-left text: the card prints, every text is there or named as blank."""
    remark = "".join(f"备注{i:05d}。" for i in range(1500))[:10000]
    notes = "\n".join(f"第{i}行笔记" for i in range(80))
    long_fields = {
        spec.name: spec.zh + "很长的说明文字" * 180
        for group in ("characteristics", "business", "transaction")
        for spec in fields_in_group(group)
    }
    update_customer(
        team["admin"], customer.id,
        {"remarks": remark, "name": "𠀀记贸易😀 שלום", **long_fields},
    )  # fmt: skip
    contact = Contact.get(Contact.customer == customer.id)
    Contact.update(notes=notes).where(Contact.id == contact.id).execute()
    outcome = "".join(f"结果{i:04d}。" for i in range(500))  # 4,000 characters in a narrow column
    FollowUp.update(outcome=outcome).where(FollowUp.customer == customer.id).execute()
    out = tmp_path / "card.pdf"
    result = print_customers(
        team["admin"], out, codes=["C100"], kind="card", lang="zh_CN", today=TODAY
    )
    texts = page_texts(out)
    text = _without_page_breaks(squeeze("".join(texts)))
    assert result.pages == len(texts) > 3
    for i in range(1250):  # 10,000 characters: 1,250 numbered pieces
        assert f"备注{i:05d}。" in text
    for i in range(80):
        assert f"第{i}行笔记" in text
    for i in range(500):
        assert f"结果{i:04d}。" in text
    for value in long_fields.values():
        assert squeeze(value) in text
    blank = get_fontset().missing("𠀀😀שלום")
    if blank:
        [warning] = [w for w in result.warnings if w.code == "printing.unprintable"]
        for ch in blank:
            assert ch in warning.render("zh_CN")
    else:
        assert not [w for w in result.warnings if w.code == "printing.unprintable"]


def test_a_long_remark_is_cut_across_the_width_it_spans(team, customer, tmp_path):
    """A remark long enough to be cut into rows (a page of text) runs across the page, as
    its row spans the value columns: its pieces were once cut at one column's width, and
    a 1,000-character remark took a page and a half in a strip a sixth of the page wide."""
    remark = "".join(f"备注{i:05d}。" for i in range(700))
    update_customer(team["admin"], customer.id, {"remarks": remark})
    out = tmp_path / "card.pdf"
    print_customers(team["admin"], out, codes=["C100"], kind="card", lang="zh_CN", today=TODAY)
    text = _without_page_breaks(squeeze("".join(page_texts(out))))
    assert all(f"备注{i:05d}。" in text for i in range(700))
    lines = [t for page in range(2) for _x, _y, t in text_positions(out, page) if "备注" in t]
    widest = max(len(squeeze(t)) for t in lines)
    assert widest >= 40  # a line across the spanned columns, not a strip of ~12 characters


def test_english_labels_are_never_broken_inside_a_word(team, customer, tmp_path):
    """English labels wrap between words: 'Legal representative' stays whole."""
    out = tmp_path / "card.pdf"
    print_customers(team["admin"], out, codes=["C100"], kind="card", lang="en", today=TODAY)
    text = "\n".join(page_texts(out))
    for label in ("Legal representative", "Quality of managers", "Distribution philosophy",
                  "Development potential", "countermeasures"):  # fmt: skip
        assert re.search(r"\b" + r"\s+".join(label.split()) + r"\b", text), label
    assert "representativ\n" not in text and "× 10,000" not in text


def test_no_line_of_chinese_text_begins_with_closing_punctuation(team, customer, tmp_path):
    """A long remark in Chinese: no line begins with ，；：。、！？ (避头) on the card and on
    the form printed from it, and none of the form's ends with （《“ (避尾); every character
    is still there. A line of such a remark began with "；". (The card is wrapped by
    reportlab, which hangs one closing mark in the margin, so the second of two, ”。, may
    still begin a line, and knows no opening marks.)"""
    remark = ("客户反馈：" + "上季度到货延迟两次，要求下次合同写明违约条款；财务对账需每月5日前提供"
              "发票明细（含税）！是否续约？“待定”。" * 25)[:1000]  # fmt: skip
    update_customer(team["admin"], customer.id, {"remarks": remark})
    closing = "，；：。、！？）”"
    for kind in ("card", "form"):
        out = tmp_path / f"{kind}.pdf"
        print_customers(team["admin"], out, codes=["C100"], kind=kind, lang="zh_CN", today=TODAY)
        lines = [line.strip() for page in page_texts(out) for line in page.splitlines()]
        lines = [line for line in lines if line]
        assert sum("违约条款" in line for line in lines) > 10, kind
        starts = [
            (before, line)
            for before, line in zip(lines, lines[1:], strict=False)
            if line[0] in closing and not (kind == "card" and before[-1] in closing)
        ]
        assert starts == [], kind
        if kind == "form":
            assert [line for line in lines if line[-1] in "（“《"] == []
        assert squeeze(remark) in _without_page_breaks(squeeze("".join(page_texts(out)))), kind
