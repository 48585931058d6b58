"""The domain model: every table of crm-desktop.

Enumerations are stored as short English codes (``"vat"``, ``"A"``); their labels in
Chinese and English live in `crm_desktop.services.fields`, next to the field catalogue.
Money columns are `MoneyField` (integer fen); dates the user types are `DateField`;
due times of follow-ups are local wall-clock times, audit timestamps are UTC.
"""

from __future__ import annotations

import peewee as pw

from crm_desktop.models.base import BaseModel, MoneyField, Record, utcnow

# --- enumerations (code values; labels are in services.fields) -------------------

ROLES = ("gm", "sales_manager", "salesperson")
STAGES = ("potential", "prospective", "current", "lost")
LOYALTY = ("first_time", "repeat", "loyal")
SOURCES = (
    "friends",
    "individual",
    "group",
    "influential",
    "publication",
    "lost_customer",
    "competitor",
    "partner",
    "other",
)
CREDIT_RATINGS = ("A", "B", "C")
ABC_CLASSES = ("A", "B", "C", "D")
INVOICE_TYPES = ("vat", "ordinary")
ORG_TYPES = ("state_owned", "township", "individual", "foreign_owned", "joint_venture")
OWNERSHIP = ("owned", "rented")
PAYMENT_TERMS = ("prepaid", "other")
CONTACT_ROLES = ("owner", "manager", "legal_rep", "purchasing", "finance", "other")
FOLLOWUP_KINDS = (
    "visit",
    "call",
    "message",
    "meeting",
    "dinner",
    "factory_visit",
    "complaint",
    "other",
)
FOLLOWUP_STATUSES = ("planned", "done", "cancelled")
CREDIT_STATUSES = ("pending", "approved", "rejected", "withdrawn")
# 已受理 → 处理中 → 已解决 → 客户确认, or 已关闭 (with a reason) from any unconfirmed step
COMPLAINT_STATUSES = ("open", "processing", "resolved", "confirmed", "closed")
COMPLAINT_SEVERITIES = ("normal", "high", "urgent")  # 一般, 严重, 紧急
COMPLAINT_CHANNELS = ("phone", "visit", "wechat", "letter", "email")
COMPLAINT_CATEGORIES = ("quality", "delivery", "invoice", "service", "price", "other")
COMPENSATION_KINDS = ("money", "goods", "credit_note")


class User(Record):
    """A person who logs in. `password_hash` is empty until a password is set."""

    username = pw.CharField(max_length=64, unique=True)
    display_name = pw.CharField(max_length=100, default="")
    role = pw.CharField(max_length=20, default="salesperson")
    password_hash = pw.CharField(max_length=255, null=True)
    active = pw.BooleanField(default=True)


_COVER = ("created_at", "owner", "code", "name")
_EMPTY = pw.SQL(
    "DEFAULT ''"
)  # a column added later: NOT NULL needs a default in the DDL  # what the cadence list reads of a customer


class Customer(Record):
    """The customer card: every field of the 客户基本资料表 and the four groups of the 客户资料卡."""

    # -- 基本资料: the form's basic data
    code = pw.CharField(max_length=32, unique=True)  # 客户代号
    name = pw.CharField(max_length=200)  # 客户名称
    channel_code = pw.CharField(max_length=32, default="")  # 通路代号
    legal_rep = pw.CharField(max_length=100, default="")  # 法定代表
    address = pw.CharField(max_length=300, default="")  # 地址
    tax_id = pw.CharField(max_length=32, default="")  # 税籍号码 / 统一社会信用代码
    phone = pw.CharField(max_length=64, default="")  # 电话
    fax = pw.CharField(max_length=64, default="")  # 传真
    bank_account = pw.CharField(max_length=64, default="")  # 开户帐号
    bank = pw.CharField(max_length=200, default="")  # 开户银行
    delivery_address = pw.CharField(max_length=300, default="")  # 收货地址
    contact_name = pw.CharField(max_length=100, default="")  # 联络人
    contact_phone = pw.CharField(max_length=64, default="")  # 联络电话
    invoice_type = pw.CharField(max_length=16, null=True)  # 发票种类
    email = pw.CharField(max_length=200, default="")
    website = pw.CharField(max_length=200, default="")

    # -- 组织及营运状况: organization and operations
    org_type = pw.CharField(max_length=20, null=True)  # 组织型态 / 企业组织形式
    license_no = pw.CharField(max_length=64, default="")  # 营业执照编号
    registered_capital = MoneyField(null=True)  # 注册资本 (printed in 万元)
    founded = pw.DateField(null=True)  # 成立时间 / 创业时间
    business_scope = pw.TextField(default="")  # 营业项目
    annual_turnover = MoneyField(null=True)  # 年营业额 (printed in 万元)
    shop_ownership = pw.CharField(max_length=10, null=True)  # 店面 自有/租用
    shop_lease_start = pw.DateField(null=True)  # 租用期限 from
    shop_lease_end = pw.DateField(null=True)  # 租用期限 to
    warehouse_area = pw.DecimalField(max_digits=12, decimal_places=2, null=True)  # 仓库面积 m²
    warehouse_ownership = pw.CharField(max_length=10, null=True)

    # -- 付款状况: payment and credit (changed only by an approved credit request)
    payment_terms = pw.CharField(max_length=10, null=True)  # 付款条件
    payment_terms_note = pw.CharField(max_length=200, default="")  # 其他: what
    credit_rating = pw.CharField(max_length=1, null=True)  # 信用等级 A/B/C
    abc_class = pw.CharField(max_length=1, null=True)  # 客户分类 A/B/C/D
    credit_limit = MoneyField(null=True)  # 信用额度
    collection_days = pw.IntegerField(null=True)  # 收款期限 (days)
    credit_approved_by = pw.ForeignKeyField(User, null=True, backref="approved_credits")
    credit_approved_at = pw.DateTimeField(null=True)
    remarks = pw.TextField(default="")  # 备注

    # -- 客户资料卡 基础资料: the people and the company
    proprietor = pw.CharField(max_length=100, default="")  # 所有者
    manager_name = pw.CharField(max_length=100, default="")  # 经营管理者
    trading_since = pw.DateField(null=True)  # 与公司交易时间
    industry = pw.CharField(max_length=100, default="")  # 业种
    assets = MoneyField(null=True)  # 资产

    # -- 客户特征: characteristics
    service_area = pw.TextField(default="")  # 服务区域
    sales_capability = pw.TextField(default="")  # 销售能力
    development_potential = pw.TextField(default="")  # 发展潜力
    distribution_philosophy = pw.TextField(default="")  # 经销观念
    business_direction = pw.TextField(default="")  # 经营方向
    business_policy = pw.TextField(default="")  # 经营政策
    enterprise_scale = pw.TextField(default="")  # 企业规模
    business_features = pw.TextField(default="")  # 经营特点

    # -- 业务状况: business status
    sales_performance = pw.TextField(default="")  # 销售业绩
    staff_quality = pw.TextField(default="")  # 经营管理者和业务人员的素质
    competitor_relations = pw.TextField(default="")  # 与其他竞争者的关系
    relationship_with_us = pw.TextField(default="")  # 与本公司的业务关系
    cooperation_attitude = pw.TextField(default="")  # 合作态度

    # -- 交易现状: transaction status
    current_sales_activities = pw.TextField(default="")  # 销售活动现状
    problems = pw.TextField(default="")  # 存在的问题
    strengths = pw.TextField(default="")  # 保持的优势
    future_countermeasures = pw.TextField(default="")  # 未来的对策
    corporate_image = pw.TextField(default="")  # 企业形象
    reputation = pw.TextField(default="")  # 声誉
    credit_status = pw.TextField(default="")  # 信用状况
    trade_conditions = pw.TextField(default="")  # 交易条件
    credit_problems = pw.TextField(default="")  # 出现的信用问题

    # -- management: 专人负责, lifecycle, cadence
    owner = pw.ForeignKeyField(User, null=True, backref="customers")  # the salesperson in charge
    stage = pw.CharField(max_length=12, default="potential")  # 客户分类 lifecycle
    loyalty = pw.CharField(max_length=12, null=True)  # current customers: first/repeat/loyal
    source = pw.CharField(max_length=20, null=True)  # where a potential customer came from
    lost_reason = pw.TextField(default="")
    contact_interval_days = pw.IntegerField(null=True)  # overrides the class default cadence
    # done_at of the last completed follow-up (kept by services.followups): the cadence
    # rule reads it through the index below instead of 100k follow-up look-ups
    last_contact_at = pw.DateTimeField(null=True)
    # how many of its follow-ups are planned, kept by triggers on follow_up (see
    # models.migrations.FOLLOWUP_TRIGGERS): the cadence rule lists only customers with
    # none, and reads that from the index below instead of a follow-up seek per customer
    planned_followups = pw.IntegerField(default=0, constraints=[pw.SQL("DEFAULT 0")])
    # 公海: when the current owner got the customer (claim, assignment, handover); the
    # pool rules count days without contact from here at the earliest (services.pool)
    owner_since = pw.DateTimeField(null=True)
    # the name's sort form (textutil.name_sort_key: Chinese by pinyin, as Excel and WPS
    # sort), kept by models.search_index.reindex_customers with the search document
    name_key = pw.TextField(default="", constraints=[pw.SQL("DEFAULT ''")])

    class Meta:
        indexes = (
            (("owner", "deleted_at"), False),
            # The cadence rule reads only these: a range of last_contact_at per class (or
            # own interval) among the customers with nothing planned, every other column
            # it needs included, no table row read.
            (
                (
                    "deleted_at",
                    "planned_followups",
                    "abc_class",
                    "last_contact_at",
                    "contact_interval_days",
                    *_COVER,
                ),
                False,
            ),
            (
                (
                    "deleted_at",
                    "planned_followups",
                    "contact_interval_days",
                    "last_contact_at",
                    "abc_class",
                    *_COVER,
                ),
                False,
            ),
            (("stage",), False),
            (("abc_class",), False),
            (("name",), False),
            # The customer list's id queries read only these (covering, in list order):
            # 100k ids sorted by name in ~50 ms instead of ~1 s, any filter included.
            (("deleted_at", "name", "id", "stage", "abc_class", "credit_rating", "owner"), False),
            (("deleted_at", "code", "id", "stage", "abc_class", "credit_rating", "owner"), False),
            (
                ("deleted_at", "name_key", "id", "stage", "abc_class", "credit_rating", "owner"),
                False,
            ),
        )


class Contact(Record):
    """A person at a customer, with the personal details that keep a relationship alive."""

    customer = pw.ForeignKeyField(Customer, backref="contacts", on_delete="CASCADE")
    name = pw.CharField(max_length=100)
    role = pw.CharField(max_length=20, default="other")
    title = pw.CharField(max_length=100, default="")  # 职务
    gender = pw.CharField(max_length=1, default="")  # M / F / ''
    phone = pw.CharField(max_length=64, default="")
    mobile = pw.CharField(max_length=64, default="")
    email = pw.CharField(max_length=200, default="")
    wechat = pw.CharField(max_length=100, default="")
    birthday = pw.DateField(null=True)
    character = pw.TextField(default="")  # 性格
    interests = pw.TextField(default="")  # 兴趣
    hobbies = pw.TextField(default="")  # 爱好
    family = pw.TextField(default="")  # 家庭
    education = pw.CharField(max_length=100, default="")  # 学历
    ability = pw.TextField(default="")  # 能力
    social_groups = pw.TextField(default="")  # 所属社会团体
    religion = pw.CharField(max_length=100, default="")  # 宗教
    notes = pw.TextField(default="")
    is_primary = pw.BooleanField(default=False)

    class Meta:
        indexes = ((("customer", "deleted_at"), False),)


class Product(Record):
    """The product catalogue a salesperson quotes from."""

    code = pw.CharField(max_length=32, unique=True)
    name = pw.CharField(max_length=200)
    category = pw.CharField(max_length=100, default="")
    unit = pw.CharField(max_length=20, default="")
    price = MoneyField(default=0)
    active = pw.BooleanField(default=True)


class Sale(Record):
    """One order line. `amount` = quantity × unit price, stored so sums need no join."""

    customer = pw.ForeignKeyField(Customer, backref="sales")
    product = pw.ForeignKeyField(Product, null=True, backref="sales")
    salesperson = pw.ForeignKeyField(User, null=True, backref="sales")
    order_no = pw.CharField(max_length=32, default="")
    date = pw.DateField()
    quantity = pw.DecimalField(max_digits=14, decimal_places=3, default=1)
    unit_price = MoneyField(default=0)
    amount = MoneyField(default=0)
    note = pw.CharField(max_length=200, default="")
    # a voided line stays, marked, with why and by whom; totals and aging leave it out
    voided_at = pw.DateTimeField(null=True)
    voided_by = pw.ForeignKeyField(User, null=True, backref="+", index=False)
    void_reason = pw.CharField(max_length=200, default="", constraints=[pw.SQL("DEFAULT ''")])

    class Meta:
        indexes = (
            # covering indexes measured in MEASURED.md: totals per customer, per period
            (("customer", "amount"), False),
            (("date", "customer", "amount"), False),
            # the lifecycle suggestions: each live customer's order days, read from the
            # index alone, in customer order (services/lifecycle.py)
            (("deleted_at", "customer", "date"), False),
        )


class Payment(Record):
    """Money received from a customer."""

    customer = pw.ForeignKeyField(Customer, backref="payments")
    date = pw.DateField()
    amount = MoneyField()
    method = pw.CharField(max_length=20, default="transfer")
    reference = pw.CharField(max_length=64, default="")
    recorded_by = pw.ForeignKeyField(User, null=True, backref="payments_recorded")
    note = pw.CharField(max_length=200, default="")
    # a voided line stays, marked, with why and by whom; totals and aging leave it out
    voided_at = pw.DateTimeField(null=True)
    voided_by = pw.ForeignKeyField(User, null=True, backref="+", index=False)
    void_reason = pw.CharField(max_length=200, default="", constraints=[pw.SQL("DEFAULT ''")])

    class Meta:
        indexes = ((("customer", "date", "amount"), False),)


class FollowUp(Record):
    """A planned or done contact with a customer: visit, call, dinner, factory visit…"""

    customer = pw.ForeignKeyField(Customer, backref="followups")
    contact = pw.ForeignKeyField(Contact, null=True, backref="followups", on_delete="SET NULL")
    owner = pw.ForeignKeyField(User, null=True, backref="followups")
    kind = pw.CharField(max_length=20, default="call")
    subject = pw.CharField(max_length=200, default="")
    due_at = pw.DateTimeField()  # local wall-clock time
    ends_at = pw.DateTimeField(null=True)
    status = pw.CharField(max_length=10, default="planned")
    done_at = pw.DateTimeField(null=True)
    outcome = pw.TextField(default="")
    # recurrence: "" or "days:N", "weeks:N", "months:N", "weekday:D" (0 = Monday)
    recurrence = pw.CharField(max_length=20, default="")
    series = pw.CharField(max_length=36, null=True, index=True)  # uuid shared by a recurring series
    reminded_on = pw.DateField(null=True)  # announced once a day at most

    class Meta:
        indexes = (
            (("status", "due_at"), False),
            (("customer", "status", "due_at"), False),
            (("customer", "status", "done_at"), False),  # last completed per customer
            (("owner", "status", "due_at"), False),
            # the calendar's counts for one salesperson's customers: a range of the month,
            # customer_id read from the index (no 40k per-customer seeks)
            (("status", "due_at", "customer"), False),
        )


# The follow-up columns a list row shows (services.followups reads them in this order,
# with its customer's code and name and its contact's name).
FOLLOWUP_ROW_FIELDS = (
    FollowUp.id,
    FollowUp.customer,
    FollowUp.kind,
    FollowUp.subject,
    FollowUp.due_at,
    FollowUp.status,
    FollowUp.owner,
    FollowUp.contact,
    FollowUp.ends_at,
    FollowUp.done_at,
    FollowUp.outcome,
    FollowUp.recurrence,
    FollowUp.series,
    FollowUp.version,
)

# The planned follow-ups in due order with every column of a list row (partial: only the
# planned ones, a tenth of the table): the overdue, today and week lists read this index
# alone instead of one table row per follow-up. It leads with (status, due_at) like the
# plain index, or the planner prefers that one; a query must say status = 'planned' as a
# literal for SQLite to use it (services.followups.PLANNED).
FollowUp.add_index(
    FollowUp.index(
        FollowUp.status,
        FollowUp.due_at,
        *(f for f in FOLLOWUP_ROW_FIELDS if f.name not in ("status", "due_at")),
        where=(FollowUp.status == "planned"),
        name="follow_up_planned_list",
    )
)


class CreditRequest(Record):
    """A proposed change of credit; only the general manager's approval applies it."""

    customer = pw.ForeignKeyField(Customer, backref="credit_requests")
    requested_by = pw.ForeignKeyField(User, backref="credit_requests")
    requested_at = pw.DateTimeField(default=utcnow)
    proposed_limit = MoneyField()
    proposed_days = pw.IntegerField(null=True)
    proposed_terms = pw.CharField(max_length=10, null=True)
    proposed_rating = pw.CharField(max_length=1, null=True)
    reason = pw.TextField(default="")
    status = pw.CharField(max_length=10, default="pending")
    decided_by = pw.ForeignKeyField(User, null=True, backref="credit_decisions")
    decided_at = pw.DateTimeField(null=True)
    approved_limit = MoneyField(null=True)
    comment = pw.TextField(default="")
    previous_limit = MoneyField(null=True)
    previous_days = pw.IntegerField(null=True)
    previous_terms = pw.CharField(max_length=10, null=True)
    previous_rating = pw.CharField(max_length=1, null=True)

    class Meta:
        indexes = (
            (("status", "requested_at"), False),
            (("customer", "status"), False),
        )


class Complaint(Record):
    """A customer complaint (客户投诉) and how it was handled."""

    customer = pw.ForeignKeyField(Customer, backref="complaints")
    contact = pw.ForeignKeyField(Contact, null=True, backref="complaints", on_delete="SET NULL")
    received_at = pw.DateTimeField(default=utcnow)
    subject = pw.CharField(max_length=200)
    description = pw.TextField(default="")
    severity = pw.CharField(max_length=10, default="normal")
    status = pw.CharField(max_length=10, default="open")
    handled_by = pw.ForeignKeyField(User, null=True, backref="complaints")  # assigned to
    resolved_at = pw.DateTimeField(null=True)
    resolution = pw.TextField(default="")
    # -- since schema 8: the handling path (services.complaints)
    channel = pw.CharField(max_length=16, default="", constraints=[_EMPTY])  # 投诉方式
    category = pw.CharField(max_length=40, default="", constraints=[_EMPTY])  # code or own text
    product = pw.ForeignKeyField(Product, null=True, backref="complaints")
    sale = pw.ForeignKeyField(Sale, null=True, backref="complaints", on_delete="SET NULL")
    due_at = pw.DateTimeField(null=True)  # local wall-clock time, from the severity
    reminded_on = pw.DateField(null=True)  # announced once a day at most
    started_at = pw.DateTimeField(null=True)  # 处理中 since
    confirmed_at = pw.DateTimeField(null=True)  # 客户确认
    closed_at = pw.DateTimeField(null=True)
    close_reason = pw.TextField(default="", constraints=[_EMPTY])
    satisfaction = pw.IntegerField(null=True)  # 1-5, told by the customer on confirming
    compensation_kind = pw.CharField(max_length=16, default="", constraints=[_EMPTY])
    compensation_amount = MoneyField(null=True)
    compensation_note = pw.TextField(default="", constraints=[_EMPTY])
    followup = pw.ForeignKeyField(
        FollowUp, null=True, backref="complaints", on_delete="SET NULL"
    )  # the visit planned after resolution

    class Meta:
        indexes = (
            (("status", "due_at"), False),  # the open ones by due time
            (("customer", "status"), False),  # the card's flag and counts
            (("received_at",), False),  # a period's complaints (the workbook)
        )


# The unresolved complaints in due order (partial: only those): the Complaints page's
# default list and the overdue count read this index alone, in order, with no sort. A
# query must spell the condition as these literals (services.complaints.OPEN_SQL).
Complaint.add_index(
    Complaint.index(
        Complaint.due_at,
        Complaint.id,
        Complaint.customer,
        Complaint.status,
        Complaint.deleted_at,
        where=(Complaint.status.in_(("open", "processing")) & Complaint.deleted_at.is_null()),
        name="complaint_open_by_due",
    )
)


class ComplaintAttachment(Record):
    """A file kept with a complaint: copied into the attachments folder beside the database."""

    complaint = pw.ForeignKeyField(Complaint, backref="attachments", on_delete="CASCADE")
    file_name = pw.CharField(max_length=255)  # the name the user gave it
    stored_name = pw.CharField(max_length=100)  # the copy's name in the attachments folder
    size = pw.BigIntegerField()
    sha256 = pw.CharField(max_length=64)
    added_by = pw.ForeignKeyField(User, null=True, backref="complaint_attachments")


class ImportBatch(BaseModel):
    """One import run, so it can be listed and undone as a whole."""

    uuid = pw.CharField(max_length=36, unique=True)
    file_name = pw.CharField(max_length=500)
    user = pw.ForeignKeyField(User, null=True, backref="imports")
    started_at = pw.DateTimeField(default=utcnow)
    created = pw.IntegerField(default=0)
    updated = pw.IntegerField(default=0)
    skipped = pw.IntegerField(default=0)
    rejected = pw.IntegerField(default=0)
    undone_at = pw.DateTimeField(null=True)


class ChangeLog(BaseModel):
    """动态管理: who changed which field of which record, when, from what to what."""

    entity = pw.CharField(max_length=30)
    entity_id = pw.IntegerField()
    field = pw.CharField(max_length=60)
    old_value = pw.TextField(null=True)
    new_value = pw.TextField(null=True)
    user = pw.ForeignKeyField(User, null=True, backref="changes")
    at = pw.DateTimeField(default=utcnow)
    batch = pw.ForeignKeyField(ImportBatch, null=True, backref="changes")

    class Meta:
        indexes = ((("entity", "entity_id", "at"), False),)


class AuditEvent(BaseModel):
    """Use and lending of customer data: who printed, exported, imported, viewed in bulk."""

    user = pw.ForeignKeyField(User, null=True, backref="audit_events")
    at = pw.DateTimeField(default=utcnow)
    action = pw.CharField(max_length=30)
    entity = pw.CharField(max_length=30, default="")
    entity_id = pw.IntegerField(null=True)
    count = pw.IntegerField(default=0)
    detail = pw.TextField(default="")

    class Meta:
        indexes = ((("action", "at"), False),)


class Setting(BaseModel):
    """Team-wide settings (company name, cadence defaults, ABC thresholds) as JSON values."""

    key = pw.CharField(max_length=100, primary_key=True)
    value = pw.TextField()


class CustomerSearch(BaseModel):
    """The text a search looks through: names, code, phones, pinyin and initials.

    On SQLite the FTS5 table ``customer_fts`` indexes the same text as character
    bigrams; on PostgreSQL the codes of its bigrams and digit triples (`grams`, a GIN
    index) find the candidates, and `doc` confirms a longer word with LIKE.
    """

    customer = pw.ForeignKeyField(
        Customer, primary_key=True, backref="search_doc", on_delete="CASCADE"
    )
    doc = pw.TextField()


CUSTOM_FIELD_ENTITIES = ("customer", "contact")
CUSTOM_FIELD_KINDS = ("text", "long", "number", "money", "date", "bool", "choice", "tags")


class CustomField(Record):
    """A field a team adds to its customer or contact cards (自定义字段).

    `choices` is JSON: a list of {"code", "zh", "en", "retired"}; a retired choice keeps
    the values that hold it readable. `group` is "custom" (a tab of its own) or one of
    the four groups of the 客户资料卡. `retired` fields keep their values but take no new
    ones; `hidden` ones are left off the card; `deleted_at` (from Record) undoably removes.
    """

    entity = pw.CharField(max_length=20, default="customer")
    key = pw.CharField(max_length=60)
    label_zh = pw.CharField(max_length=100)
    label_en = pw.CharField(max_length=100, default="")
    kind = pw.CharField(max_length=10, default="text")
    choices = pw.TextField(default="[]")
    required = pw.BooleanField(default=False)
    group = pw.CharField(max_length=20, default="custom")
    position = pw.IntegerField(default=0)
    hidden = pw.BooleanField(default=False)
    retired = pw.BooleanField(default=False)

    class Meta:
        indexes = ((("entity", "key"), True),)


class CustomValue(BaseModel):
    """One value of a custom field on one customer or contact (a tags field: one row a tag).

    `text` is the value as shown; `key` its sortable, indexed form (the choice or tag
    code, or the first 100 folded characters of a text), `number` a number or an amount
    in yuan, `day` a date, so the list sorts and filters through an index of its own kind.
    """

    # no index of its own: (field, key, entity_id) leads with it
    field = pw.ForeignKeyField(CustomField, backref="values", on_delete="CASCADE", index=False)
    entity_id = pw.IntegerField()
    text = pw.TextField(default="")
    key = pw.CharField(max_length=100, null=True)
    number = pw.DecimalField(max_digits=20, decimal_places=4, null=True)
    day = pw.DateField(null=True)

    class Meta:
        indexes = (
            (("entity_id", "field"), False),
            (("field", "key", "entity_id"), False),
        )


# the indexes by number and by day hold only the values of their kind (schema 20)
for _column in ("number", "day"):
    CustomValue.add_index(
        CustomValue.index(
            CustomValue.field,
            getattr(CustomValue, _column),
            CustomValue.entity_id,
            name=f"custom_value_field_id_{_column}_entity_id",
            where=getattr(CustomValue, _column).is_null(False),
        )
    )


class DbInfo(BaseModel):
    """Key/value facts about the database itself: the app that made it, its schema version."""

    key = pw.CharField(max_length=50, primary_key=True)
    value = pw.TextField()


# --- opportunities (商机) and the sales pipeline ------------------------------------

STAGE_KINDS = ("open", "won", "lost")


class OpportunityStage(Record):
    """A column of the pipeline (销售漏斗), set by the sales manager.

    Opportunities and their history point at the stage's id, so a rename keeps them.
    `kind` says what reaching the stage means: still open, won (赢单) or lost (输单)."""

    name = pw.CharField(max_length=50)  # as the team calls it (Chinese by default)
    name_en = pw.CharField(max_length=50, default="")  # the English label, if any
    kind = pw.CharField(max_length=8, default="open")
    probability = pw.IntegerField(default=0)  # the default win probability, 0–100
    position = pw.IntegerField(default=0)


class LostReason(Record):
    """Why an opportunity was lost (输单原因): a short list the manager keeps."""

    name = pw.CharField(max_length=50)
    name_en = pw.CharField(max_length=50, default="")
    position = pw.IntegerField(default=0)
    active = pw.BooleanField(default=True)


class Opportunity(Record):
    """A chance to sell (商机): customer, amount, expected close, stage, probability, owner."""

    customer = pw.ForeignKeyField(Customer, backref="opportunities")
    title = pw.CharField(max_length=200)
    amount = MoneyField(default=0)
    close_date = pw.DateField()  # expected close; the actual one once won or lost
    stage = pw.ForeignKeyField(OpportunityStage, backref="opportunities")
    probability = pw.IntegerField(null=True)  # None: the stage's default
    owner = pw.ForeignKeyField(User, null=True, backref="opportunities")
    source = pw.CharField(max_length=20, null=True)
    competitor = pw.CharField(max_length=200, default="")
    next_step = pw.CharField(max_length=300, default="")
    notes = pw.TextField(default="")
    stage_since = pw.DateTimeField(default=utcnow)  # when it entered its stage
    closed_at = pw.DateTimeField(null=True)  # won or lost at
    lost_reason = pw.ForeignKeyField(LostReason, null=True, backref="opportunities")
    lost_note = pw.TextField(default="")
    quote_days = pw.IntegerField(null=True)  # how long a printed quote stays valid

    class Meta:
        indexes = (
            # the board's column sums read this alone (no table row): count, amount and
            # weighted amount per stage, of one owner or all
            (
                ("deleted_at", "stage", "owner", "customer", "amount", "probability", "closed_at"),
                False,
            ),
            # a column's first cards: open ones by close date, closed ones latest first
            (("stage", "deleted_at", "close_date"), False),
            (("stage", "deleted_at", "closed_at"), False),
            (("customer", "deleted_at"), False),
            # the forecast reads this alone: a range of close dates with what it sums
            (
                (
                    "deleted_at",
                    "close_date",
                    "owner",
                    "stage",
                    "customer",
                    "amount",
                    "probability",
                ),
                False,
            ),
        )


class OpportunityLine(BaseModel):
    """A product on an opportunity (and its quote): quantity, price, discount in percent."""

    opportunity = pw.ForeignKeyField(Opportunity, backref="lines", on_delete="CASCADE")
    position = pw.IntegerField(default=0)
    product = pw.ForeignKeyField(Product, null=True, backref="opportunity_lines")
    description = pw.CharField(max_length=200, default="")
    unit = pw.CharField(max_length=20, default="")
    quantity = pw.DecimalField(max_digits=14, decimal_places=3, default=1)
    unit_price = MoneyField(default=0)
    discount = pw.DecimalField(max_digits=5, decimal_places=2, default=0)  # percent off
    amount = MoneyField(default=0)

    class Meta:
        indexes = ((("opportunity", "position"), False),)


class OpportunityStageChange(BaseModel):
    """The stage history: every move, with when and by whom (conversion and days to close)."""

    opportunity = pw.ForeignKeyField(Opportunity, backref="stage_changes", on_delete="CASCADE")
    from_stage = pw.ForeignKeyField(OpportunityStage, null=True, backref="moves_out")
    to_stage = pw.ForeignKeyField(OpportunityStage, backref="moves_in")
    at = pw.DateTimeField(default=utcnow)
    user = pw.ForeignKeyField(User, null=True, backref="stage_changes")

    class Meta:
        # (opportunity, to_stage): the forecast's conversion reads this alone
        indexes = ((("opportunity", "at"), False), (("opportunity", "to_stage"), False))


class SyncExport(BaseModel):
    """A workbook sent to a salesperson for update: who, when, whose customers (the base of
    the three-way merge when it comes back)."""

    uuid = pw.CharField(max_length=36, unique=True)
    created_at = pw.DateTimeField(default=utcnow)
    created_by = pw.ForeignKeyField(User, null=True, backref="+")
    owner = pw.ForeignKeyField(User, null=True, backref="+")  # None: a filtered list
    lang = pw.CharField(max_length=10, default="zh_CN")  # the cells' language
    rows = pw.IntegerField(default=0)


class SyncExportRow(BaseModel):
    """One record as it left in a for-update workbook: its version and cells (JSON)."""

    export = pw.ForeignKeyField(SyncExport, backref="records", on_delete="CASCADE", index=False)
    entity = pw.CharField(max_length=20)  # customer, contact, followup
    record_uuid = pw.CharField(max_length=36)
    version = pw.IntegerField()
    cells = pw.TextField()

    class Meta:
        indexes = ((("export", "entity", "record_uuid"), True),)


class SyncTake(BaseModel):
    """A for-update workbook taken back: its changes carry `batch` in the ChangeLog."""

    export = pw.ForeignKeyField(SyncExport, backref="takes", on_delete="CASCADE")
    batch = pw.ForeignKeyField(ImportBatch, backref="+", on_delete="CASCADE")
    taken_at = pw.DateTimeField(default=utcnow)


MODELS: list[type[BaseModel]] = [
    DbInfo,
    Setting,
    User,
    Customer,
    Contact,
    Product,
    Sale,
    Payment,
    FollowUp,
    CreditRequest,
    Complaint,
    ComplaintAttachment,
    ImportBatch,
    ChangeLog,
    AuditEvent,
    CustomerSearch,
    OpportunityStage,
    LostReason,
    Opportunity,
    OpportunityLine,
    OpportunityStageChange,
    CustomField,
    CustomValue,
    SyncExport,
    SyncExportRow,
    SyncTake,
]
