"""The expected FORM of an answer: a letter, a word, a content key, a name, a number.

A form reads a participant's value (:meth:`Form.read`) and returns its
canonical spelling, or raises :class:`FormError` with the Indonesian reason.
It never knows the right answer: the choices it lists are always listed in
alphabetical order, so a message never hints at which one is right.

Every form accepts the common ways of writing the same thing: upper or lower
case, extra or missing spaces, hyphens or spaces (``kelola dekat`` =
``kelola-dekat``), curly or straight apostrophes and quotes, and for content
keys also the label exactly as the course shows it (``"Beri informasi"`` for
``jaga-informasi``) and former keys (aliases).

>>> Letter("abcd").read(" B) ")
'b'
>>> Choice("QUADRANTS").read("Beri informasi")
'jaga-informasi'
>>> Word(("jejaring", "kemitraan")).read("Kemitraan")
'kemitraan'
>>> Number().read("1.000")
1000
>>> Letter("abcd").read("e")
Traceback (most recent call last):
...
kemitraan_lib.grading.forms.FormError: 'e' bukan salah satu pilihan. Pilihan: a, b, c, d.

Standard library only; the course content and the case files are imported
only when a form that needs them reads a value.
"""

from __future__ import annotations

import importlib
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = [
    "FormError",
    "compact",
    "show",
    "Form",
    "Letter",
    "Word",
    "Choice",
    "Name",
    "Number",
]

_DROP = re.compile(r"[\s\-_\u2010-\u2015/.,:;()\[\]{}\"'`\u00b4\u2018-\u201f\u00ab\u00bb]+")
_LETTER = re.compile(r"^\(?([a-zA-Z])(?:\)?[.:]?|[).]\s+\S.*)$", re.S)
_PAREN = re.compile(r"\s*\([^)]*\)")
#: Longest list of choices written out in a message; longer lists point to the table.
MAX_LISTED = 12


class FormError(ValueError):
    """The value does not have the expected form; the message is Indonesian."""


def compact(text: str) -> str:
    """A spelling-insensitive key: case, spaces, hyphens, quotes and brackets dropped.

    >>> compact("  Ibu Siti Nur\\u2019aini ") == compact("ibu siti nuraini")
    True
    >>> compact('KUD "Sumber Rezeki"') == compact("kud sumber rezeki")
    True
    """
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    return _DROP.sub("", text)


def show(value: object) -> str:
    """A short rendering of a participant's value for a message."""
    text = repr(value) if not isinstance(value, str) else "'" + value.strip() + "'"
    return text if len(text) <= 50 else text[:47] + "..."


def _listing(choices) -> str:
    return ", ".join(sorted(choices))


class Form:
    """Base class: the expected form of one answer."""

    #: How to fill the answer, used in "belum diisi" messages.
    fill_hint = "jawaban Anda"
    #: True when the answer is text (written between quotes).
    is_text = True

    def read(self, value: object) -> object:  # pragma: no cover - abstract
        raise NotImplementedError

    def choices(self) -> list[str] | None:
        """The canonical answers this form accepts (None for open forms such as numbers)."""
        return None

    def _text(self, value: object) -> str:
        if isinstance(value, bool) or isinstance(value, (int, float)):
            raise FormError(
                f"jawabannya teks, jadi tulis di antara tanda kutip, misalnya \"...\"; "
                f"nilai {show(value)} tanpa tanda kutip tidak diterima.")
        if not isinstance(value, str):
            raise FormError(f"tulis satu nilai teks di antara tanda kutip; {show(value)} "
                            "tidak diterima.")
        if not value.strip():
            raise FormError("masih kosong: tulis jawaban di antara tanda kutip.")
        return value


@dataclass(frozen=True)
class Letter(Form):
    """One letter among ``letters`` (``"b"``, ``"B"``, ``"b)"`` and ``"(b)"`` are the same)."""

    letters: str = "abcd"
    fill_hint = 'satu huruf pilihan di antara tanda kutip, misalnya "a"'

    def choices(self) -> list[str]:
        return sorted(self.letters.lower())

    def read(self, value: object) -> str:
        text = self._text(value)
        match = _LETTER.match(text.strip())
        letter = match.group(1).lower() if match else None
        if letter is None or letter not in self.letters.lower():
            if letter is None and len(compact(text)) > 1:
                raise FormError(
                    f"tulis hurufnya saja, misalnya \"a\"; {show(text)} tidak diterima. "
                    f"Pilihan: {_listing(self.choices())}.")
            raise FormError(f"{show(text)} bukan salah satu pilihan. "
                            f"Pilihan: {_listing(self.choices())}.")
        return letter


@dataclass(frozen=True)
class Word(Form):
    """One of a few fixed words (``extra`` maps other accepted spellings to a word)."""

    words: tuple[str, ...] = ()
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def fill_hint(self) -> str:  # type: ignore[override]
        return "salah satu kata " + ", ".join(f'"{w}"' for w in sorted(self.words))

    def choices(self) -> list[str]:
        return sorted(self.words)

    def _table(self) -> dict[str, str]:
        table = {compact(w): w for w in self.words}
        table.update({compact(k): v for k, v in self.extra.items()})
        return table

    def read(self, value: object) -> str:
        text = self._text(value)
        found = self._table().get(compact(text))
        if found is None:
            raise FormError(f"{show(text)} bukan salah satu pilihan. "
                            f"Pilihan: {_listing(self.words)}.")
        return found


def _strip_paren(label: str) -> str:
    return _PAREN.sub("", label).strip()


@dataclass(frozen=True)
class Choice(Form):
    """A key of a course-content collection (``content.<collection>``).

    ``keys`` limits the choices (default: the whole collection). The key, the
    label as the course shows it (also without a bracketed note, and each
    part of a label written ``A / B``), the item's former keys (``aliases``)
    and the spellings in ``extra`` are all accepted.
    """

    collection: str = ""
    keys: tuple[str, ...] | None = None
    extra: Mapping[str, str] = field(default_factory=dict)
    fill_hint = "kunci atau nama dari tabel soal, di antara tanda kutip"

    def _items(self):
        content = importlib.import_module("kemitraan_lib.content")
        items = getattr(content, self.collection)
        if self.keys is None:
            return list(items)
        wanted = set(self.keys)
        chosen = [i for i in items if i.key in wanted
                  or wanted & set(getattr(i, "aliases", ()) or ())]
        return chosen

    def choices(self) -> list[str]:
        return sorted({item.key for item in self._items()})

    def table(self) -> dict[str, str]:
        """Every accepted spelling (compacted) -> canonical key."""
        table: dict[str, str] = {}
        for item in self._items():
            spellings = [item.key, item.label, _strip_paren(item.label)]
            spellings += [part.strip() for part in item.label.split(" / ")]
            spellings += [_strip_paren(part) for part in item.label.split(" / ")]
            spellings += list(getattr(item, "aliases", ()) or ())
            for spelling in spellings:
                if spelling.strip():
                    table.setdefault(compact(spelling), item.key)
        keys = {item.key for item in self._items()}
        for spelling, key in self.extra.items():
            if key in keys:
                table.setdefault(compact(spelling), key)
        return table

    def read(self, value: object) -> str:
        text = self._text(value)
        found = self.table().get(compact(text))
        if found is None:
            keys = self.choices()
            where = (f"Pilihan: {_listing(keys)}." if len(keys) <= MAX_LISTED
                     else "Tulis salah satu kunci dari tabel di soal ini.")
            raise FormError(f"{show(text)} bukan salah satu pilihan. {where}")
        return found


@dataclass(frozen=True)
class Name(Form):
    """A name from a case's partner table (``case``) or from ``names``."""

    case: str = ""
    names: tuple[str, ...] = ()
    fill_hint = "nama persis seperti di tabel, di antara tanda kutip"

    def _names(self) -> list[str]:
        names = list(self.names)
        if self.case:
            cases = importlib.import_module("kemitraan_lib.cases")
            names += [p.name for p in cases.load_case(self.case).partners]
        return names

    def choices(self) -> list[str]:
        return sorted(self._names())

    def read(self, value: object) -> str:
        text = self._text(value)
        table = {compact(n): n for n in self._names()}
        found = table.get(compact(text))
        if found is None:
            raise FormError(f"{show(text)} tidak ada di tabel. Salin nama persis seperti di "
                            "tabel, di antara tanda kutip.")
        return found


_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


@dataclass(frozen=True)
class Number(Form):
    """A number: typed as a number (``7``, ``2.5``) or as text (``"7"``, ``"2,5"``, ``"1.000"``)."""

    fill_hint = "angka tanpa tanda kutip, misalnya 3"
    is_text = False

    def read(self, value: object) -> int | float:
        if isinstance(value, bool):
            raise FormError(f"tulis angka, misalnya 3; {show(value)} tidak diterima.")
        if isinstance(value, str):
            text = value.strip().replace(" ", "")
            if _THOUSANDS.match(text):
                text = text.replace(".", "")
            elif _DECIMAL_COMMA.match(text):
                text = text.replace(",", ".")
            try:
                value = float(text)
            except ValueError:
                raise FormError(f"tulis angka, misalnya 3; {show(value)} bukan angka.") from None
        if not isinstance(value, (int, float)):
            raise FormError(f"tulis satu angka, misalnya 3; {show(value)} tidak diterima.")
        if isinstance(value, float):
            if not math.isfinite(value):
                raise FormError(f"tulis angka biasa, misalnya 3; {show(value)} tidak diterima.")
            if value == int(value):
                return int(value)
            return round(value, 6)
        return int(value)
