"""Answer-checking helpers for the test cells of the graded notebooks.

The test cells of ``solutions/<tugas>/<tugas>.ipynb`` call these functions.
They hold no answers: a test compares the participant's answer with a
SHA-256 *digest* of the expected answer, so the released notebook does not
show the answer. Every failure raises ``AssertionError`` with a short
Indonesian message that says what to do or what to read again.

This module is imported in every graded notebook, so it stays import-light
(standard library only; no pandas, matplotlib or numpy at import time).

Typical test cell::

    >>> from kemitraan_lib.grading import checks
    >>> jawaban_3 = " B "
    >>> checks.filled(jawaban_3, "Soal 3")
    >>> checks.one_of(jawaban_3, "abcd", "Soal 3")
    'b'
    >>> checks.matches_digest(jawaban_3, digest("b"), hint="Baca lagi modul 05.", label="Soal 3")

Compute the digest to put in a test with the command line::

    python -m kemitraan_lib.grading.checks digest '"b"'
    python -m kemitraan_lib.grading.checks digest '["identifikasi", "penjajakan"]'
    python -m kemitraan_lib.grading.checks bagian '{"KTH Wana Lestari": "kelompok"}'

Normalisation (:func:`normalize`): text is stripped, runs of spaces become one
space and case is ignored; lists and tuples keep their order; sets are sorted;
dictionaries compare by normalised keys; whole floats equal ints
(``3.0 == 3``), other floats are rounded to 6 decimals.
"""

from __future__ import annotations

import ast
import hashlib
import json
import math
import re
import sys
from collections.abc import Iterable, Mapping

__all__ = [
    "normalize",
    "digest",
    "part_digests",
    "filled",
    "one_of",
    "list_of",
    "mapping_of",
    "number",
    "matches_digest",
    "matches_parts",
    "main",
]

_SPACES = re.compile(r"\s+")
_FILL_HINT = "ganti None dengan jawaban Anda."


def _label(label: str | None) -> str:
    return label.strip() if label and label.strip() else "Jawaban"


def _show(value: object) -> str:
    """Short, readable rendering of a participant's value for a message."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _norm_text(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def normalize(value: object) -> object:
    """Return a JSON-ready canonical form of ``value`` (see the module docstring).

    >>> normalize("  Kelola   Dekat ")
    'kelola dekat'
    >>> normalize(["B", "a"]), normalize({"B", "a"})
    (['b', 'a'], ['a', 'b'])
    >>> normalize({" Pak Lurah ": "Tokoh"})
    {'pak lurah': 'tokoh'}
    >>> normalize(3.0), normalize(True)
    (3, True)
    >>> normalize(object())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: Jenis nilai object tidak dapat diperiksa. Pakai teks, angka, ...
    """
    if value is None or isinstance(value, bool):
        return value
    # numpy / pandas values, recognised without importing numpy or pandas
    if type(value).__module__.split(".")[0] in ("numpy", "pandas"):
        if getattr(value, "ndim", None) == 0 and hasattr(value, "item"):
            return normalize(value.item())
        if hasattr(value, "tolist"):
            return normalize(value.tolist())
    if isinstance(value, str):
        return _norm_text(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value):
            return int(value)
        return round(value, 6)
    if isinstance(value, Mapping):
        items = []
        for k, v in value.items():
            nk = normalize(k)
            if not isinstance(nk, str):
                nk = json.dumps(nk, sort_keys=True, ensure_ascii=False)
            items.append((nk, normalize(v)))
        return dict(sorted(items, key=lambda kv: kv[0]))
    if isinstance(value, (set, frozenset)):
        parts = [normalize(v) for v in value]
        return sorted(parts, key=lambda p: json.dumps(p, sort_keys=True, ensure_ascii=False))
    if isinstance(value, (list, tuple)):
        return [normalize(v) for v in value]
    raise TypeError(
        f"Jenis nilai {type(value).__name__} tidak dapat diperiksa. "
        "Pakai teks, angka, daftar [...] atau kamus {...}."
    )


def digest(value: object) -> str:
    """SHA-256 hex digest of the normalised value (what a test cell stores).

    >>> digest("b") == digest(" B ")
    True
    >>> digest(["a", "b"]) == digest(["b", "a"])
    False
    >>> digest({"a", "b"}) == digest({"b", "a"})
    True
    >>> len(digest("b"))
    64
    """
    text = json.dumps(normalize(value), sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _parts(value: object) -> list[object]:
    if isinstance(value, Mapping):
        return [[k, v] for k, v in value.items()]
    if isinstance(value, (set, frozenset)):
        return [[v] for v in value]
    if isinstance(value, (list, tuple)):
        return [[i, v] for i, v in enumerate(value)]
    raise TypeError("Bagian hanya dapat dihitung untuk daftar, himpunan atau kamus.")


def part_digests(value: object) -> list[str]:
    """Sorted digests of the parts of an answer, for :func:`matches_parts`.

    A part is a (key, value) pair of a dict, a (position, item) pair of a list,
    or an item of a set.

    >>> a = part_digests({"Pak Lurah": "tokoh", "KUD": "koperasi"})
    >>> len(a), a == sorted(a)
    (2, True)
    >>> part_digests({"pak lurah": "TOKOH", "KUD": "koperasi"}) == a
    True
    """
    return sorted(digest(p) for p in _parts(value))


def filled(value: object, label: str | None = None) -> None:
    """Fail when the answer is still ``None`` (or empty).

    >>> filled("a", "Soal 1")
    >>> filled(None, "Soal 1")
    Traceback (most recent call last):
    ...
    AssertionError: Soal 1 belum diisi: ganti None dengan jawaban Anda.
    >>> filled("  ", "Soal 2")
    Traceback (most recent call last):
    ...
    AssertionError: Soal 2 belum diisi: tulis jawaban Anda di antara tanda kutip.
    """
    name = _label(label)
    if value is None or value is Ellipsis:
        raise AssertionError(f"{name} belum diisi: {_FILL_HINT}")
    if isinstance(value, str) and not value.strip():
        raise AssertionError(f"{name} belum diisi: tulis jawaban Anda di antara tanda kutip.")
    if isinstance(value, (list, tuple, set, frozenset, dict)) and len(value) == 0:
        raise AssertionError(f"{name} belum diisi: daftar atau kamus jawaban Anda masih kosong.")


def _allowed_keys(allowed: Iterable[object] | str) -> list[str]:
    if isinstance(allowed, str):
        return [c for c in _norm_text(allowed) if not c.isspace() and c != ","]
    keys = []
    for item in allowed:
        key = getattr(item, "key", item)
        keys.append(_norm_text(str(key)))
    return keys


def one_of(value: object, allowed: Iterable[object] | str, label: str | None = None) -> str:
    """Check the answer is text and one of ``allowed``; return it normalised.

    ``allowed`` is a string of letters (``"abcd"``), a list of keys, or a
    collection of content items (their ``.key`` is used).

    >>> one_of(" C", "abcd", "Soal 2")
    'c'
    >>> one_of("e", "abcd", "Soal 2")
    Traceback (most recent call last):
    ...
    AssertionError: Soal 2: jawaban 'e' tidak dikenal. Pilihan: a, b, c, d.
    >>> one_of(2, ["pantau", "kelola-dekat"], "Soal 4")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    AssertionError: Soal 4: jawaban harus teks ..., misalnya "pantau"; nilai 2 tidak diterima.
    """
    name = _label(label)
    filled(value, label)
    keys = _allowed_keys(allowed)
    if not isinstance(value, str):
        example = keys[0] if keys else "a"
        raise AssertionError(
            f'{name}: jawaban harus teks di antara tanda kutip, misalnya "{example}"; '
            f"nilai {_show(value)} tidak diterima."
        )
    norm = _norm_text(value)
    if norm not in keys:
        raise AssertionError(
            f"{name}: jawaban {_show(value.strip())} tidak dikenal. Pilihan: {', '.join(keys)}."
        )
    return norm


def list_of(
    value: object,
    allowed: Iterable[object] | str,
    label: str | None = None,
    *,
    length: int | None = None,
    unique: bool = True,
) -> list[str]:
    """Check the answer is a list of allowed keys; return it normalised.

    >>> list_of(["A", "c"], "abcd", "Soal 5", length=2)
    ['a', 'c']
    >>> list_of(["a", "x"], "abcd", "Soal 5")
    Traceback (most recent call last):
    ...
    AssertionError: Soal 5: isi ke-2 'x' tidak dikenal. Pilihan: a, b, c, d.
    >>> list_of(["a"], "abcd", "Soal 5", length=3)
    Traceback (most recent call last):
    ...
    AssertionError: Soal 5: daftar harus berisi 3 isi; daftar Anda berisi 1.
    >>> list_of(["a", "a"], "abcd", "Soal 5")
    Traceback (most recent call last):
    ...
    AssertionError: Soal 5: 'a' tertulis lebih dari sekali; tiap pilihan cukup sekali.
    """
    name = _label(label)
    filled(value, label)
    if isinstance(value, str) or not isinstance(value, (list, tuple, set, frozenset)):
        raise AssertionError(
            f'{name}: jawaban harus daftar di antara kurung siku, misalnya ["a", "b"]; '
            f"nilai {_show(value)} tidak diterima."
        )
    keys = _allowed_keys(allowed)
    result: list[str] = []
    for i, item in enumerate(value, start=1):
        if not isinstance(item, str):
            raise AssertionError(
                f"{name}: isi ke-{i} harus teks di antara tanda kutip; "
                f"nilai {_show(item)} tidak diterima."
            )
        norm = _norm_text(item)
        if norm not in keys:
            raise AssertionError(
                f"{name}: isi ke-{i} {_show(item.strip())} tidak dikenal. "
                f"Pilihan: {', '.join(keys)}."
            )
        if unique and norm in result:
            raise AssertionError(
                f"{name}: {_show(item.strip())} tertulis lebih dari sekali; "
                "tiap pilihan cukup sekali."
            )
        result.append(norm)
    if length is not None and len(result) != length:
        raise AssertionError(
            f"{name}: daftar harus berisi {length} isi; daftar Anda berisi {len(result)}."
        )
    return result


def mapping_of(
    value: object,
    keys: Iterable[str],
    allowed: Iterable[object] | str,
    label: str | None = None,
) -> dict[str, str]:
    """Check the answer maps exactly ``keys`` to allowed values; return it normalised.

    Keys compare ignoring case and extra spaces; every key must be present.

    >>> mapping_of({"pak lurah": "Tokoh"}, ["Pak Lurah"], ["tokoh", "usaha"], "Soal 6")
    {'pak lurah': 'tokoh'}
    >>> mapping_of({"Pak Lurah": None}, ["Pak Lurah"], ["tokoh", "usaha"], "Soal 6")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    AssertionError: Soal 6: untuk 'Pak Lurah' belum diisi; ganti None dengan ...: tokoh, usaha.
    >>> mapping_of({"Bu Camat": "tokoh"}, ["Pak Lurah"], ["tokoh"], "Soal 6")
    Traceback (most recent call last):
    ...
    AssertionError: Soal 6: 'Bu Camat' tidak ada dalam soal. Yang perlu diisi: Pak Lurah.
    """
    name = _label(label)
    filled(value, label)
    if not isinstance(value, Mapping):
        raise AssertionError(
            f'{name}: jawaban harus kamus di antara kurung kurawal, misalnya {{"nama": "jenis"}}; '
            f"nilai {_show(value)} tidak diterima."
        )
    expected = {_norm_text(k): k for k in keys}
    choices = _allowed_keys(allowed)
    result: dict[str, str] = {}
    for k, v in value.items():
        nk = _norm_text(str(k))
        if nk not in expected:
            raise AssertionError(
                f"{name}: {_show(str(k).strip())} tidak ada dalam soal. "
                f"Yang perlu diisi: {', '.join(expected.values())}."
            )
        if v is None or (isinstance(v, str) and not v.strip()):
            raise AssertionError(
                f"{name}: untuk {_show(expected[nk])} belum diisi; ganti None dengan salah satu: "
                f"{', '.join(choices)}."
            )
        if not isinstance(v, str) or _norm_text(v) not in choices:
            raise AssertionError(
                f"{name}: untuk {_show(expected[nk])} nilai {_show(v)} tidak dikenal. "
                f"Pilihan: {', '.join(choices)}."
            )
        result[nk] = _norm_text(v)
    missing = [orig for nk, orig in expected.items() if nk not in result]
    if missing:
        raise AssertionError(f"{name}: belum diisi untuk {', '.join(missing)}.")
    return result


def number(value: object, label: str | None = None) -> float:
    """Check the answer is a number (int or float, also numpy); return it.

    >>> number(7, "Soal 9")
    7
    >>> number("7", "Soal 9")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    AssertionError: Soal 9: jawaban harus angka tanpa tanda kutip, ...; nilai '7' tidak diterima.
    """
    name = _label(label)
    filled(value, label)
    if type(value).__module__.startswith("numpy") and getattr(value, "ndim", None) == 0:
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise AssertionError(
            f"{name}: jawaban harus angka tanpa tanda kutip, misalnya 3; "
            f"nilai {_show(value)} tidak diterima."
        )
    return value


def matches_digest(
    value: object, expected: str, hint: str = "", label: str | None = None
) -> None:
    """Fail with an Indonesian hint when ``digest(value) != expected``.

    >>> matches_digest("b", digest("b"), hint="Baca lagi modul 05.", label="Soal 3")
    >>> matches_digest("a", digest("b"), hint="Baca lagi modul 05.", label="Soal 3")
    Traceback (most recent call last):
    ...
    AssertionError: Soal 3 belum tepat. Baca lagi modul 05.
    """
    name = _label(label)
    filled(value, label)
    try:
        ok = digest(value) == expected.strip().lower()
    except TypeError as exc:
        raise AssertionError(f"{name}: {exc}") from None
    if not ok:
        raise AssertionError(f"{name} belum tepat. {hint}".strip())


def matches_parts(
    value: object, expected: Iterable[str], hint: str = "", label: str | None = None
) -> int:
    """Compare an answer part by part; fail saying how many parts are right.

    ``expected`` is :func:`part_digests` of the right answer. The message
    says how many parts are right, never which ones. Returns the count.

    >>> right = part_digests({"A": "x", "B": "y", "C": "z"})
    >>> matches_parts({"a": "X", "b": "y", "c": "z"}, right, label="Soal 7")
    3
    >>> matches_parts({"A": "x", "B": "z", "C": "y"}, right, hint="Lihat modul 03.",
    ...               label="Soal 7")
    Traceback (most recent call last):
    ...
    AssertionError: Soal 7 belum tepat: 1 dari 3 bagian sudah benar. Lihat modul 03.
    """
    name = _label(label)
    filled(value, label)
    want = {e.strip().lower() for e in expected}
    try:
        got = part_digests(value)
    except TypeError as exc:
        raise AssertionError(f"{name}: {exc}") from None
    right = sum(1 for d in set(got) if d in want)
    if right != len(want) or len(got) != len(want):
        raise AssertionError(
            f"{name} belum tepat: {right} dari {len(want)} bagian sudah benar. {hint}".strip()
        )
    return right


_USAGE = """\
Pemakaian:
  python -m kemitraan_lib.grading.checks digest NILAI
  python -m kemitraan_lib.grading.checks bagian NILAI

NILAI ditulis seperti di Python, misalnya '"b"', '["a", "c"]' atau '{"KUD": "koperasi"}'.
'digest' mencetak sidik SHA-256 untuk checks.matches_digest;
'bagian' mencetak daftar sidik untuk checks.matches_parts.
"""


def main(argv: list[str] | None = None) -> int:
    """Command line: print the digest(s) a solution author puts in a test cell."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] not in ("digest", "bagian"):
        print(_USAGE, file=sys.stderr)
        return 2
    try:
        value = ast.literal_eval(args[1])
    except (ValueError, SyntaxError):
        print(
            f"Nilai {args[1]!r} tidak dapat dibaca. Teks harus diberi tanda kutip, "
            "misalnya '\"b\"'.",
            file=sys.stderr,
        )
        return 2
    try:
        if args[0] == "digest":
            print(digest(value))
        else:
            print(json.dumps(part_digests(value), indent=4))
    except TypeError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
