"""Choosing and falling back between fonts: embedded CJK TrueType first, CID last."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pdf_check import fonts_of, page_texts, squeeze

from crm_desktop.i18n import save_local_settings
from crm_desktop.reports import pdf_fonts
from crm_desktop.reports.pdf_fonts import FontSet, get_fontset, is_truetype
from crm_desktop.reports.pdf_form import FormData, FormHeader, build_forms

WQY_MICRO = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
WQY_ZEN = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
needs_wqy = pytest.mark.skipif(not WQY_ZEN.exists(), reason="Debian's fonts-wqy-zenhei needed")


@pytest.fixture
def fresh_fonts(monkeypatch):
    """Font choice is cached per process; each test here chooses afresh."""
    monkeypatch.setattr(pdf_fonts, "_cache", {})


def test_runs_fall_back_per_character():
    """Characters the first font lacks go to the next font that has them, run by run."""
    fonts = FontSet(primary="CJK", fallbacks=["Latin"])
    fonts._coverage["CJK"] = {ord(c): 1 for c in "客户名称"}
    fonts._coverage["Latin"] = {ord(c): 1 for c in "ACME<>GmbH"}
    assert fonts.runs("客户ACME <GmbH>名称") == [
        ("CJK", "客户"),
        ("Latin", "ACME <GmbH>"),
        ("CJK", "名称"),
    ]
    assert fonts.markup("客户ACME <GmbH>") == '客户<font face="Latin">ACME &lt;GmbH&gt;</font>'
    assert fonts.missing("客户☐") == {"☐"}


def test_system_font_is_embedded_truetype(fresh_fonts):
    fonts = get_fontset()
    assert fonts.embedded and not fonts.warning
    assert is_truetype(Path(fonts.path))
    # whatever the CJK font lacks, a registered fallback can print: Latin, digits, ¥, m²
    assert fonts.missing("客户基本资料表 ACME 0123456789 ¥ m² — 年月日") == set()


def test_cff_font_files_are_skipped(tmp_path):
    otf = tmp_path / "NotoSansCJK-Regular.otf"
    otf.write_bytes(b"OTTO" + b"\0" * 64)
    ttc = tmp_path / "NotoSansCJK.ttc"
    ttc.write_bytes(b"ttcf\0\x01\0\0\0\0\0\x01\0\0\0\x10OTTO" + b"\0" * 32)
    assert not is_truetype(otf) and not is_truetype(ttc)
    if WQY_MICRO.exists():
        assert is_truetype(WQY_MICRO)


@needs_wqy
def test_settings_font_file_wins(fresh_fonts, tmp_path):
    save_local_settings({"pdf_font": str(WQY_ZEN)})
    try:
        fonts = get_fontset()
        assert fonts.path == str(WQY_ZEN)
        out = tmp_path / "zen.pdf"
        build_forms([FormData({"name": "文泉驿正黑", "code": "C1"})], FormHeader(), out)
        names = {f["name"] for f in fonts_of(out)}
        assert any("ZenHei" in n for n in names), names
    finally:
        save_local_settings({"pdf_font": ""})


def test_settings_cff_font_falls_back_to_system(fresh_fonts, tmp_path, caplog):
    otf = tmp_path / "NotoSansCJK-Regular.otf"
    otf.write_bytes(b"OTTO" + b"\0" * 64)
    save_local_settings({"pdf_font": str(otf)})
    try:
        fonts = get_fontset()
        assert fonts.path != str(otf) and fonts.embedded
        assert "cannot be embedded" in caplog.text
    finally:
        save_local_settings({"pdf_font": ""})


def test_no_truetype_font_uses_cid_with_warning(fresh_fonts, monkeypatch, tmp_path, caplog):
    monkeypatch.setattr(pdf_fonts, "candidate_cjk_fonts", lambda: [])
    out = tmp_path / "cid.pdf"
    result = build_forms(
        [FormData({"name": "宋体客户", "code": "C1", "invoice_type": "vat"})],
        FormHeader("公司", date(2026, 1, 2), "zh_CN"),
        out,
    )
    assert not result.font_embedded and "STSong-Light" in result.warning.render("en")
    assert "STSong-Light" in caplog.text
    assert result.ticked(0) == ["invoice_type=vat"]
    assert "宋体客户" in squeeze(page_texts(out)[0])


@needs_wqy
def test_rare_characters_bring_in_a_second_cjk_font(fresh_fonts, tmp_path):
    """㐀 (CJK Extension A) is not in WenQuanYi Micro Hei; Zen Hei is loaded for it."""
    fonts = get_fontset()
    if "microhei" not in fonts.path:
        pytest.skip("the first system font is not WenQuanYi Micro Hei here")
    assert not any("zenhei" in n for n in fonts.names)  # not loaded until needed
    assert fonts.missing("王㐀明") == set()
    font, piece = fonts.runs("王㐀明")[1]
    assert piece == "㐀" and "zenhei" in font
    out = tmp_path / "rare.pdf"
    build_forms([FormData({"name": "王㐀明", "code": "C1"})], FormHeader(), out)
    assert "王㐀明" in squeeze(page_texts(out)[0])
