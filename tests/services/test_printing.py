"""services/printing.py: what a print run is called in the user's language."""

from __future__ import annotations

from datetime import datetime

import pytest

from crm_desktop.errors import UserError
from crm_desktop.services.printing import default_file_name

WHEN = datetime(2026, 11, 22, 9, 30)


@pytest.mark.parametrize(
    ("kind", "codes", "lang", "expected"),
    [
        ("form", ["C000001"], "zh_CN", "客户基本资料表-C000001.pdf"),
        ("card", ["C1", "C2", "C3"], "zh_CN", "客户资料卡-3位客户-20261122.pdf"),
        ("form", ["C000001"], "en", "form-C000001.pdf"),
        ("card", ["C1", "C2", "C3"], "en", "card-3-customers-20261122.pdf"),
    ],
)
def test_file_name_is_in_the_users_language(kind, codes, lang, expected):
    """The PDF's name (the preview's title) names the printout in Chinese under zh_CN."""
    assert default_file_name(kind, codes, WHEN, lang=lang) == expected


def test_file_name_of_an_unknown_kind_is_refused():
    """A kind that is neither form nor card is a plain refusal, not a KeyError."""
    with pytest.raises(UserError) as caught:
        default_file_name("letter", ["C1"], WHEN, lang="en")
    assert caught.value.code == "printing.unknown_kind"
