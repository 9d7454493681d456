"""Tidying text typed by a learner or read from a file.

Two names that look the same on screen must be the same name. So every text
of the partner map goes through :func:`tidy`:

* Unicode normal form NFC (an "é" typed as one character or as "e" plus an
  accent becomes the same character);
* invisible format characters are removed: zero-width space and joiners, the
  byte order mark (BOM), soft hyphen, word joiner, left-to-right and
  right-to-left marks, embeddings, overrides and isolates (Unicode category
  ``Cf``). Nobody sees them, but they would make two equal-looking names differ,
  or turn the text around on screen.

:func:`identity` is the key names are compared on: the tidy text in NFKC form
(full-width letters become plain letters), case-folded, without any white space.

Control characters (new line, tab, NUL ...), line and paragraph separators,
lone surrogates and Unicode noncharacters are not removed but refused by the
model: :data:`BAD_RE` (single-line fields) and :data:`BAD_MULTILINE_RE` (notes,
where new line and tab are allowed) find them.

>>> tidy("Bu\\u200bdi") == tidy("Budi")
True
>>> identity("  KTH  Wana\\ufeff Lestari ") == identity("kth wana lestari")
True
>>> visible("\\u200b \\u2060")
False
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["tidy", "identity", "visible", "has_surrogate", "BAD_RE", "BAD_MULTILINE_RE",
           "is_control"]

_NONCHARS = "".join(chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF)
                    for plane in range(1, 17))
#: Control characters, line/paragraph separators, surrogates and noncharacters.
BAD_RE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff" + _NONCHARS + "]")
#: The same, but tab and new line are allowed (multi-line notes).
BAD_MULTILINE_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + _NONCHARS + "]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_WS_RE = re.compile(r"\s+")
# Letters that draw as nothing (Hangul fillers, braille blank): not enough for a name.
_BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def _check(text, what: str = "Teks") -> str:
    if not isinstance(text, str):
        from .errors import InvalidValueError, show

        raise InvalidValueError(f"{what} harus berupa teks; nilai {show(text)} tidak diterima.",
                                value=text, allowed=("teks",))
    return text


def is_control(ch: str) -> bool:
    """True for a character :data:`BAD_RE` refuses (the slow, readable rule)."""
    if len(_check(ch, "Karakter")) != 1:
        return False
    cp = ord(ch)
    if (cp & 0xFFFE) == 0xFFFE or 0xFDD0 <= cp <= 0xFDEF:
        return True
    return unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp")


def has_surrogate(text: str) -> bool:
    """True when ``text`` holds a lone surrogate (it cannot be written as UTF-8)."""
    return bool(_check(text) and _SURROGATE_RE.search(text))


def tidy(text: str) -> str:
    """NFC form without invisible format characters (see the module docs)."""
    if _check(text).isascii():
        return text
    if _SURROGATE_RE.search(text):  # NFC would keep them; the model refuses them later
        return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = unicodedata.normalize("NFC", text)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def identity(text: str) -> str:
    """The comparison key of a name: NFKC, case-folded, without white space."""
    return _identity(_check(text))


@functools.lru_cache(maxsize=65536)
def _identity(text: str) -> str:
    if text.isascii():
        return _WS_RE.sub("", text).casefold()
    key = unicodedata.normalize("NFKC", tidy(text)).casefold()
    key = unicodedata.normalize("NFKC", key)
    return "".join(ch for ch in _WS_RE.sub("", key) if ch not in _BLANK_LOOKING)


def visible(text: str) -> bool:
    """True when ``text`` has at least one character that shows on screen."""
    if _check(text).isascii():
        return not text.isspace() and text != ""
    return any(not ch.isspace() and ch not in _BLANK_LOOKING
               and unicodedata.category(ch) not in ("Cf", "Cc", "Zl", "Zp")
               for ch in text)
