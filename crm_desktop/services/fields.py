"""The field catalogue under its old name: it lives in crm_desktop/fields.py (plain data
shared by the services and the report builders)."""

from crm_desktop.fields import (
    CHOICES,
    CONTACT_FIELD_MAP,
    CONTACT_FIELDS,
    CREDIT_FIELDS,
    CUSTOMER_FIELD_MAP,
    CUSTOMER_FIELDS,
    GROUPS,
    FieldSpec,
    choice_label,
    fields_in_group,
)

__all__ = [
    "CHOICES",
    "CONTACT_FIELDS",
    "CONTACT_FIELD_MAP",
    "CREDIT_FIELDS",
    "CUSTOMER_FIELDS",
    "CUSTOMER_FIELD_MAP",
    "GROUPS",
    "FieldSpec",
    "choice_label",
    "fields_in_group",
]
