"""The check before Qt starts: missing X11 libraries are named with the packages to install."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from crm_desktop import platform_check
from crm_desktop.platform_check import (
    BASE_LIBRARIES,
    PACKAGES,
    XCB_LIBRARIES,
    check,
    missing_libraries,
    needed_libraries,
    platform_plugin,
)

ROOT = Path(__file__).resolve().parents[1]
X11 = {"DISPLAY": ":0"}
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's loader")


def loader_without(*absent: str):
    """A loader as on a machine where the named libraries are not installed."""
    tried: list[str] = []

    def load(name: str) -> object:
        tried.append(name)
        if name in absent:
            raise OSError(f"{name}: cannot open shared object file: No such file or directory")
        return object()

    load.tried = tried  # type: ignore[attr-defined]
    return load


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DISPLAY": ":0"}, "xcb"),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, "xcb"),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb:nograb"}, "xcb"),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "offscreen"),
        ({"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":0"}, "wayland"),
        (
            {"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"},
            "wayland",
        ),
        ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "x11"}, "xcb"),
        ({}, None),
    ],
)
@linux_only
def test_the_platform_is_the_one_qt_will_choose(env, expected):
    """QT_QPA_PLATFORM wins, a Wayland session uses Wayland, else a DISPLAY means xcb."""
    assert platform_plugin(env) == expected


@linux_only
def test_missing_xcb_libraries_are_named_with_one_apt_line_in_chinese(monkeypatch):
    """The libraries a fresh Debian lacked are told in Chinese, with one apt-get line for all."""
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    out = io.StringIO()
    load = loader_without("libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-cursor.so.0")
    assert check(X11, load, out) is False
    text = out.getvalue()
    assert "无法打开桌面窗口" in text and "重新打开 crm-desktop" in text
    assert "libxcb-icccm.so.4、libxcb-keysyms.so.1" in text
    lines = [line.strip() for line in text.splitlines() if "apt-get" in line]
    assert lines == ["sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1"]


@linux_only
def test_the_message_is_in_english_for_an_english_user(monkeypatch):
    """An English user reads the same advice in English."""
    monkeypatch.setenv("CRM_DESKTOP_LANG", "en")
    out = io.StringIO()
    assert check(X11, loader_without("libxkbcommon-x11.so.0"), out) is False
    assert (
        "The desktop window cannot open: the system lacks libxkbcommon-x11.so.0." in out.getvalue()
    )
    assert "sudo apt-get install libxkbcommon-x11-0" in out.getvalue()


@linux_only
def test_nothing_is_said_when_every_library_loads():
    """All libraries present: the check passes silently, having tried every one."""
    out = io.StringIO()
    load = loader_without()
    assert check(X11, load, out) is True
    assert out.getvalue() == ""
    assert load.tried == [soname for soname, _ in BASE_LIBRARIES + XCB_LIBRARIES]


@linux_only
def test_a_headless_run_does_not_need_the_x11_libraries():
    """Offscreen needs Qt's GUI libraries but none of the xcb plugin's."""
    env = {"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}
    assert needed_libraries(env) == BASE_LIBRARIES
    assert check(env, loader_without(*(s for s, _ in XCB_LIBRARIES)), io.StringIO()) is True
    out = io.StringIO()
    assert check(env, loader_without("libEGL.so.1"), out) is False
    assert "libegl1" in out.getvalue()


@linux_only
def test_one_package_is_named_once_however_many_of_its_libraries_are_missing():
    """libglib2.0-0 holds two of the libraries: it is named once."""
    missing = missing_libraries(
        BASE_LIBRARIES, loader_without("libglib-2.0.so.0", "libgthread-2.0.so.0")
    )
    assert [p for _, p in missing] == ["libglib2.0-0", "libglib2.0-0"]
    assert platform_check.apt_command(p for _, p in missing) == "sudo apt-get install libglib2.0-0"


@linux_only
def test_the_gui_command_exits_2_before_qt_when_libraries_are_missing(monkeypatch, capsys):
    """`crm-desktop` without a command says what to install and exits 2 instead of Qt's abort."""
    from crm_desktop import cli

    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(platform_check, "_default_loader", loader_without("libxcb-cursor.so.0"))
    started = []
    monkeypatch.setattr("crm_desktop.app.main", lambda **kw: started.append(kw) or 0)
    assert cli.main(["--db", "unused.db"]) == 2
    assert started == []
    assert "sudo apt-get install libxcb-cursor0" in capsys.readouterr().err


@linux_only
@pytest.mark.skipif(not os.environ.get("CI"), reason="CI installs the README's packages")
def test_this_machine_has_every_library_the_readme_names():
    """The real loader finds every library on a machine set up as the README says."""
    assert missing_libraries(BASE_LIBRARIES + XCB_LIBRARIES) == []


def test_the_readme_and_ci_install_every_package():
    """README's run instructions and CI's apt-get line name every package the check may ask for."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for package in PACKAGES:
        assert re.search(rf"(?<![\w.-]){re.escape(package)}(?![\w.-])", readme), package
        assert re.search(rf"(?<![\w.-]){re.escape(package)}(?![\w.-])", ci), package


# glibc, the C++ runtime and compression: on every system that runs Python
ALWAYS_THERE = re.compile(r"lib(c|m|dl|pthread|rt|stdc\+\+|gcc_s|z|zstd)\.so|ld-linux")


@linux_only
@pytest.mark.skipif(shutil.which("readelf") is None, reason="needs readelf (binutils)")
def test_the_list_covers_what_qt_links_to():
    """Every system library that Qt's xcb plugin and GUI libraries link to is checked, so a
    PySide6 upgrade that links to a new one fails here rather than on a user's machine."""
    qt = Path(__import__("PySide6").__file__).parent / "Qt"
    binaries = [
        qt / "plugins" / "platforms" / "libqxcb.so",
        *(qt / "lib").glob("libQt6XcbQpa.so*"),
        *(qt / "lib").glob("libQt6Gui.so*"),
        *(qt / "lib").glob("libQt6Widgets.so*"),
        *(qt / "lib").glob("libQt6DBus.so*"),
    ]
    shipped = {p.name for p in (qt / "lib").iterdir()}
    needed = set()
    for binary in binaries:
        dynamic = subprocess.run(
            ["readelf", "-d", str(binary)], capture_output=True, text=True, check=True
        ).stdout
        needed |= set(re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", dynamic))
    system = {n for n in needed if n not in shipped and not ALWAYS_THERE.match(n)}
    assert system, "readelf found no libraries"
    assert system <= {s for s, _ in BASE_LIBRARIES + XCB_LIBRARIES}
