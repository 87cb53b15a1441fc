"""The fonts every PDF document uses: DejaVu Sans, embedded, for full Unicode text.

The standard PDF fonts (Helvetica and the like) cover only Latin-1, so a bidder's name
with a "ł" or a "€" in an answer would print as a black box. DejaVu Sans covers them,
and reportlab embeds the subset of each TrueType font a document uses.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FAMILY = "DejaVuSans"
FONT_PACKAGE = "fonts-dejavu-core"

# Registered name -> file name, for each of the four faces of the family.
_FACES = {
    "DejaVuSans": "DejaVuSans.ttf",
    "DejaVuSans-Bold": "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique": "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique": "DejaVuSans-BoldOblique.ttf",
}


@dataclass(frozen=True, slots=True)
class FontNames:
    """The registered names to pass to reportlab styles and canvases."""

    family: str
    regular: str
    bold: str
    italic: str
    bold_italic: str


_lock = threading.Lock()
_registered: FontNames | None = None


def font_folders() -> list[Path]:
    """Where DejaVu Sans is looked for, most likely first."""
    home = Path.home()
    folders = [
        "/usr/share/fonts/truetype/dejavu",
        "/usr/share/fonts/dejavu",
        "/usr/share/fonts/TTF",
        "/usr/share/fonts/dejavu-sans-fonts",
        *rl_config.TTFSearchPath,
        "/usr/local/share/fonts",
        str(home / ".local" / "share" / "fonts"),
        str(home / ".fonts"),
        "/Library/Fonts",
        str(home / "Library" / "Fonts"),
        os.path.join(os.environ.get("WINDIR", r"C:\Windows"), "Fonts"),
    ]
    unique: list[Path] = []
    for folder in folders:
        path = Path(folder)
        if path not in unique:
            unique.append(path)
    return unique


def find_font_file(file_name: str, folders: Iterable[Path] | None = None) -> Path | None:
    """The first ``file_name`` in ``folders`` or one of their ``dejavu`` sub-folders."""
    for folder in font_folders() if folders is None else folders:
        for candidate in (folder / file_name, folder / "dejavu" / file_name):
            if candidate.is_file():
                return candidate
    return None


def register_fonts() -> FontNames:
    """Register DejaVu Sans (four faces, and the family) with reportlab, once.

    Raises RuntimeError naming the package to install when a face cannot be found.
    """
    global _registered
    with _lock:
        if _registered is not None:
            return _registered
        paths: dict[str, Path] = {}
        missing: list[str] = []
        for name, file_name in _FACES.items():
            path = find_font_file(file_name)
            if path is None:
                missing.append(file_name)
            else:
                paths[name] = path
        if missing:
            raise RuntimeError(
                f"The DejaVu Sans font ({', '.join(missing)}) was not found; the PDF documents "
                f"need it. Install it (on Debian or Ubuntu: apt install {FONT_PACKAGE}; "
                "elsewhere the DejaVu fonts from https://dejavu-fonts.github.io) and try again."
            )
        for name, path in paths.items():
            pdfmetrics.registerFont(TTFont(name, str(path)))
        # The family lets paragraph markup (<b>, <i>) find the other faces.
        pdfmetrics.registerFontFamily(
            FAMILY,
            normal="DejaVuSans",
            bold="DejaVuSans-Bold",
            italic="DejaVuSans-Oblique",
            boldItalic="DejaVuSans-BoldOblique",
        )
        _registered = FontNames(
            family=FAMILY,
            regular="DejaVuSans",
            bold="DejaVuSans-Bold",
            italic="DejaVuSans-Oblique",
            bold_italic="DejaVuSans-BoldOblique",
        )
        return _registered
