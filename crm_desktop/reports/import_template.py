"""The blank import template: the form's headers, a sample row, and text-formatted code columns."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

import xlsxwriter

from crm_desktop.fields import CUSTOMER_FIELD_MAP, choice_label
from crm_desktop.i18n import is_chinese
from crm_desktop.reports.xlsx_common import write_cell

# the form's fields, in the order of the 客户基本资料表
TEMPLATE_FIELDS = (
    "name", "code", "channel_code", "legal_rep", "address", "tax_id", "phone", "fax",
    "bank_account", "bank", "delivery_address", "contact_name", "contact_phone", "invoice_type",
    "email", "org_type", "license_no", "registered_capital", "founded", "business_scope",
    "annual_turnover", "shop_ownership", "warehouse_area", "payment_terms", "credit_rating",
    "abc_class", "credit_limit", "collection_days", "industry", "owner", "stage", "source",
    "remarks",
)  # fmt: skip
# columns that hold digits but are text: Excel must not turn them into numbers
TEXT_FIELDS = {"code", "channel_code", "tax_id", "phone", "fax", "bank_account", "contact_phone",
               "license_no"}  # fmt: skip

SAMPLE = {
    "name": "北京华夏科技有限公司",
    "code": "C000101",
    "channel_code": "BJ01",
    "legal_rep": "李建国",
    "address": "北京市海淀区中关村大街1号",
    "tax_id": "91110108MA01ABCD3L",
    "phone": "010-62345678",
    "fax": "010-62345679",
    "bank_account": "0200001234567890123",
    "bank": "中国工商银行北京中关村支行",
    "delivery_address": "北京市海淀区上地十街10号",
    "contact_name": "王芳",
    "contact_phone": "13812345678",
    "invoice_type": "vat",
    "email": "wangfang@example.com",
    "org_type": "joint_venture",
    "license_no": "110108012345678",
    "registered_capital": 500,
    "founded": date(2008, 5, 12),
    "business_scope": "电子产品的研发与销售",
    "annual_turnover": 3000,
    "shop_ownership": "rented",
    "warehouse_area": 800,
    "payment_terms": "prepaid",
    "credit_rating": "A",
    "abc_class": "B",
    "credit_limit": 200000,
    "collection_days": 30,
    "industry": "电子",
    "owner": "",
    "stage": "current",
    "source": "partner",
    "remarks": "",
}
UNITS = {
    "registered_capital": ("万元", "10k yuan"),
    "annual_turnover": ("万元", "10k yuan"),
    "credit_limit": ("元", "yuan"),
    "collection_days": ("天", "days"),
    "warehouse_area": ("平方米", "m2"),
}


def template_headers(lang: str | None = None) -> list[str]:
    zh = is_chinese(lang)
    out = []
    for name in TEMPLATE_FIELDS:
        spec = CUSTOMER_FIELD_MAP[name]
        label = spec.zh if zh else spec.en
        if name in UNITS:
            label += f"({UNITS[name][0 if zh else 1]})"
        out.append(label)
    return out


def _sample_value(name: str, lang: str | None):
    spec = CUSTOMER_FIELD_MAP[name]
    value = SAMPLE[name]
    if spec.kind == "choice" and value:
        return choice_label(spec.choices or "", value, "zh" if is_chinese(lang) else "en")
    return value


def write_template(path: str | Path, lang: str | None = None) -> Path:
    """A blank customer list the importer maps by itself (temp file, then rename)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(suffix=".xlsx", prefix=".template-", dir=path.parent)
    os.close(fd)
    try:
        wb = xlsxwriter.Workbook(tmp)
        ws = wb.add_worksheet("客户" if is_chinese(lang) else "Customers")
        head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        required = wb.add_format({"bold": True, "bg_color": "#F8CBAD", "border": 1})
        text = wb.add_format({"num_format": "@"})
        date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
        for c, (name, header) in enumerate(
            zip(TEMPLATE_FIELDS, template_headers(lang), strict=True)
        ):
            write_cell(ws, 0, c, header, required if name == "name" else head)
            kind = CUSTOMER_FIELD_MAP[name].kind
            fmt = text if name in TEXT_FIELDS else date_fmt if kind == "date" else None
            ws.set_column(c, c, max(12, min(30, len(header) * 2)), fmt)
            write_cell(ws, 1, c, _sample_value(name, lang), fmt)
        ws.freeze_panes(1, 1)
        wb.close()
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path
