"""The fonts the printed programmes are set in: pip-installed, the same on every machine.

Two OFL font packages, pinned exactly in ``pyproject.toml``:

* ``fontpkg-noto-sans`` — Noto Sans 2.015 (Latin, Cyrillic, Greek), variable weight and width,
  upright and italic;
* ``manimgx-fonts-cjk`` — Noto Sans CJK 2.004 as a variable-weight collection; the programmes use
  its Simplified Chinese face (``Noto Sans CJK SC``).

Typst is told to ignore system fonts and its own embedded fonts, so nothing else can be picked up.
Typst draws a box ("tofu") for a character no font has and says nothing, so every text is checked
against the fonts' character maps before compiling (``missing``).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

LATIN = "Noto Sans"
CJK = "Noto Sans CJK SC"
FAMILIES = (LATIN, CJK)
"""Typst's font list: Noto Sans first, Noto Sans CJK SC for what it lacks (Chinese)."""

CJK_FACE = 2
"""Index of the SC face in the Noto Sans CJK collection (JP, KR, SC, TC, HK)."""

IGNORED = frozenset("\n\r\t\u00ad\u200b")
"""Characters that are never drawn as glyphs (line breaks, soft hyphens, zero-width space)."""


def _package_dir(package: str) -> Path:
    return Path(str(files(package)))


def latin_file() -> Path:
    """The upright Noto Sans file."""
    return _package_dir("fontpkg_noto_sans") / "files" / "NotoSans[wdth,wght].ttf"


def cjk_file() -> Path:
    """The Noto Sans CJK collection."""
    return _package_dir("manimgx_fonts_cjk") / "NotoSansCJK-VF.otf.ttc"


def folders() -> list[Path]:
    """The folders Typst loads fonts from (each holds only the font files above)."""
    return [latin_file().parent, cjk_file().parent]


@cache
def coverage() -> frozenset[str]:
    """Every character some bundled font has a glyph for (upright Noto Sans, Noto Sans CJK SC)."""
    from fontTools.ttLib import TTFont

    chars: set[int] = set()
    for path, number in ((latin_file(), -1), (cjk_file(), CJK_FACE)):
        font = TTFont(path, fontNumber=number, lazy=True)
        # Only the characters are wanted, not the glyphs' names: numbered names spare fontTools
        # naming the CJK face's 65,535 glyphs from its character map (0.5 s of 0.6 s).
        font.setGlyphOrder([f"glyph{i}" for i in range(font["maxp"].numGlyphs)])
        chars.update(font.getBestCmap())
        font.close()
    return frozenset(chr(c) for c in chars)


def missing(text: str) -> list[str]:
    """The characters of ``text`` (in order of first appearance) that no bundled font can draw."""
    have = coverage()
    out: list[str] = []
    for char in text:
        if char not in have and char not in IGNORED and char not in out:
            out.append(char)
    return out
