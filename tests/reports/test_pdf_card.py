"""The 客户资料卡 PDF via the print job: facts, contacts, follow-ups, credit, sales."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from pdf_check import fonts_of, page_texts, squeeze
from pypdf import PdfReader

from crm_desktop.errors import NotFound, PermissionDenied
from crm_desktop.jobs.printing import print_customers
from crm_desktop.models import AuditEvent, CreditRequest, FollowUp, Sale, transaction
from crm_desktop.services.customers import add_contact, create_customer
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
        "李小红", "1980年5月6日", "钓鱼、高尔夫", "已婚,一子", "佛教", "采购",
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
