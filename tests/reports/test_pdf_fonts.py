"""Choosing and falling back between fonts: embedded CJK TrueType first, CID last."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pdf_check import fonts_of, page_texts, squeeze

from crm_desktop.i18n import save_local_settings
from crm_desktop.reports import font_convert, pdf_fonts
from crm_desktop.reports.pdf_fonts import FontSet, get_fontset, is_truetype, visual_order
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


def test_cff_font_files_are_told_apart(tmp_path):
    """CFF-flavoured files (OTF, TTC) are not taken for TrueType but recognised as CFF."""
    otf = tmp_path / "NotoSansCJK-Regular.otf"
    otf.write_bytes(b"OTTO" + b"\0" * 64)
    ttc = tmp_path / "NotoSansCJK.ttc"
    ttc.write_bytes(b"ttcf\0\x01\0\0\0\0\0\x01\0\0\0\x10OTTO" + b"\0" * 32)
    assert not is_truetype(otf) and not is_truetype(ttc)
    assert font_convert.is_cff(otf) and font_convert.is_cff(ttc)
    if WQY_MICRO.exists():
        assert is_truetype(WQY_MICRO) and not font_convert.is_cff(WQY_MICRO)


def _cff_font(path: Path, chars: str) -> None:
    """A small CFF-outline OpenType font with a square glyph for each of `chars`."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    names = [".notdef"] + [f"uni{ord(c):04X}" for c in chars]
    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({ord(c): f"uni{ord(c):04X}" for c in chars})
    strings = {}
    for name in names:
        pen = T2CharStringPen(1000, None)
        pen.moveTo((100, 0))
        pen.lineTo((100, 800))
        pen.curveTo((300, 900), (700, 900), (900, 800))
        pen.lineTo((900, 0))
        pen.closePath()
        strings[name] = pen.getCharString()
    fb.setupCFF("TestCJK-Regular", {"FullName": "Test CJK"}, strings, {})
    fb.setupHorizontalMetrics({n: (1000, 100) for n in names})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": "Test CJK", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=880, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    fb.save(str(path))


def test_settings_cff_font_is_converted_once_and_embedded(fresh_fonts, tmp_path, monkeypatch):
    """A CFF font chosen in Settings is converted to TrueType once, cached, and embedded."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    otf = tmp_path / "TestCJK-Regular.otf"
    _cff_font(otf, "客户名称ABC")
    save_local_settings({"pdf_font": str(otf)})
    try:
        fonts = get_fontset()
        assert fonts.path == str(otf) and fonts.embedded
        cached = font_convert.cached_path(otf)
        assert cached.is_file() and is_truetype(cached)
        assert str(cached).startswith(str(tmp_path / "cache"))
        made = cached.stat().st_mtime_ns
        assert font_convert.truetype_copy(otf) == cached
        assert cached.stat().st_mtime_ns == made  # taken from the cache, not made again
        out = tmp_path / "cff.pdf"
        build_forms([FormData({"name": "客户名称", "code": "ABC"})], FormHeader(), out)
        embedded = [f for f in fonts_of(out) if "Test-CJK" in f["name"]]
        assert embedded and all("/FontFile2" in f["descriptor"] for f in embedded)
    finally:
        save_local_settings({"pdf_font": ""})


def test_settings_broken_cff_font_falls_back_to_system(fresh_fonts, tmp_path, caplog, monkeypatch):
    """A file that says CFF but holds no font is skipped with a logged reason."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    otf = tmp_path / "NotoSansCJK-Regular.otf"
    otf.write_bytes(b"OTTO" + b"\0" * 64)
    save_local_settings({"pdf_font": str(otf)})
    try:
        fonts = get_fontset()
        assert fonts.path != str(otf) and fonts.embedded
        assert "Cannot convert the font" in caplog.text
    finally:
        save_local_settings({"pdf_font": ""})


def test_characters_no_font_has_are_collected():
    """Characters no font covers are reported by collect_missing, also from cached runs."""
    fonts = FontSet(primary="CJK", fallbacks=["Latin"])
    fonts._coverage["CJK"] = {ord(c): 1 for c in "客户名称"}
    fonts._coverage["Latin"] = {ord(c): 1 for c in "ACME"}
    with fonts.collect_missing() as missing:
        fonts.runs("客户𠀀名称 ACME")
        fonts.runs("名称\u200d")  # a joiner leaves no ink: not reported
    assert missing == {"𠀀"}
    with fonts.collect_missing() as again:
        fonts.runs("客户𠀀名称 ACME")
    assert again == {"𠀀"}
    assert fonts.runs("客户") and fonts._track.missing is None  # nothing collected outside


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


def test_right_to_left_words_are_laid_down_in_visual_order(tmp_path):
    """Hebrew inside a Chinese line is drawn from its last letter, so it reads as typed."""
    assert visual_order("客户 שלום עולם 2026") == "客户 םלוע םולש 2026"
    assert visual_order("ACME 上海") == "ACME 上海"
    out = tmp_path / "rtl.pdf"
    build_forms([FormData({"name": "客户 שלום", "code": "C1"})], FormHeader(), out)
    # text extraction reads right-to-left glyphs back into typed order: drawn in logical
    # order, the word would come back reversed (םולש)
    assert "客户שלום" in squeeze(page_texts(out)[0])
