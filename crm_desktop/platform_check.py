"""Before Qt starts: are the system libraries its window system needs installed?

Qt's wheels ship Qt itself but not the X11 libraries its xcb platform plugin links to.
On a fresh Debian/Ubuntu desktop some are missing (libxcb-cursor0, libxcb-icccm4,
libxcb-keysyms1…), and Qt then aborts with a message that names one of them, and not
the package to install. This module tries to load each library the way the plugin
would and, when some are missing, says in the user's language which packages to install,
in one apt-get line, so that the program can exit with status 2 instead of Qt's abort.

Qt-free and standard library only: it runs before PySide6 is imported.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TextIO

# soname → Debian/Ubuntu package, for the libraries Qt's GUI modules link to whatever the
# platform (QtGui, QtWidgets, QtDBus: `readelf -d` on PySide6's Qt/lib/libQt6Gui.so.6 …)
BASE_LIBRARIES: tuple[tuple[str, str], ...] = (
    ("libGL.so.1", "libgl1"),
    ("libEGL.so.1", "libegl1"),
    ("libxkbcommon.so.0", "libxkbcommon0"),
    ("libfontconfig.so.1", "libfontconfig1"),
    ("libfreetype.so.6", "libfreetype6"),
    ("libglib-2.0.so.0", "libglib2.0-0"),
    ("libgthread-2.0.so.0", "libglib2.0-0"),
    ("libdbus-1.so.3", "libdbus-1-3"),
)

# …and those the xcb platform plugin links to (plugins/platforms/libqxcb.so and
# Qt/lib/libQt6XcbQpa.so.6, PySide6 6.11)
XCB_LIBRARIES: tuple[tuple[str, str], ...] = (
    ("libxcb.so.1", "libxcb1"),
    ("libX11.so.6", "libx11-6"),
    ("libX11-xcb.so.1", "libx11-xcb1"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-image.so.0", "libxcb-image0"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-randr.so.0", "libxcb-randr0"),
    ("libxcb-render.so.0", "libxcb-render0"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxcb-shape.so.0", "libxcb-shape0"),
    ("libxcb-shm.so.0", "libxcb-shm0"),
    ("libxcb-sync.so.1", "libxcb-sync1"),
    ("libxcb-util.so.1", "libxcb-util1"),
    ("libxcb-xfixes.so.0", "libxcb-xfixes0"),
    ("libxcb-xkb.so.1", "libxcb-xkb1"),
)

# every package named above, in order: what the README and CI install
PACKAGES: tuple[str, ...] = tuple(dict.fromkeys(p for _, p in BASE_LIBRARIES + XCB_LIBRARIES))

Loader = Callable[[str], object]


def platform_plugin(env: Mapping[str, str] | None = None) -> str | None:
    """The Qt platform plugin that will start: 'xcb', another name, or None (no display).

    Follows Qt: QT_QPA_PLATFORM first (its first entry, options after ':' dropped); else
    a Wayland session with a Wayland display uses 'wayland'; else DISPLAY means 'xcb'.
    """
    env = os.environ if env is None else env
    chosen = env.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return chosen.split(";")[0].split(":")[0].strip() or None
    if not sys.platform.startswith("linux"):
        return "native"
    if env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE", "").lower() == "wayland":
        return "wayland"
    if env.get("DISPLAY"):
        return "xcb"
    return None


def _default_loader(name: str) -> object:
    """dlopen as Qt's plugin will: the bundle's copy when there is one, else the system's."""
    bundle = getattr(sys, "_MEIPASS", None)  # the PyInstaller bundle's library folder
    if bundle and (Path(bundle) / name).is_file():
        return ctypes.CDLL(str(Path(bundle) / name))
    return ctypes.CDLL(name)


def missing_libraries(
    libraries: Iterable[tuple[str, str]], loader: Loader | None = None
) -> list[tuple[str, str]]:
    """The (soname, package) pairs whose library cannot be loaded."""
    load = loader or _default_loader
    missing = []
    for soname, package in libraries:
        try:
            load(soname)
        except OSError:
            missing.append((soname, package))
    return missing


def needed_libraries(env: Mapping[str, str] | None = None) -> tuple[tuple[str, str], ...]:
    """The libraries to check for the platform Qt will use; none off Linux."""
    if not sys.platform.startswith("linux"):
        return ()
    if platform_plugin(env) == "xcb":
        return BASE_LIBRARIES + XCB_LIBRARIES
    return BASE_LIBRARIES


def apt_command(packages: Iterable[str]) -> str:
    """One line that installs the packages on Debian/Ubuntu."""
    return "sudo apt-get install " + " ".join(dict.fromkeys(packages))


def check(
    env: Mapping[str, str] | None = None,
    loader: Loader | None = None,
    stream: TextIO | None = None,
) -> bool:
    """Whether the GUI can start; when not, the missing packages are told on `stream`
    (stderr) in the user's language, with the apt-get line that installs them."""
    missing = missing_libraries(needed_libraries(env), loader)
    if not missing:
        return True
    from crm_desktop.messages import render

    text = render(
        "platform.missing_libraries",
        {
            "libraries": [soname for soname, _ in missing],
            "command": apt_command(package for _, package in missing),
        },
    )
    print(text, file=stream or sys.stderr)
    return False
