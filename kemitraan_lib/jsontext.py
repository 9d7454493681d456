"""Strict JSON for the course's files: what is read back is exactly what was meant.

Python's ``json`` module quietly accepts things that cause trouble later:
a key written twice (the last one silently wins), ``NaN`` and ``Infinity``
(not JSON; written back they make a file other programs cannot read), numbers
with thousands of digits, and nesting deep enough to exhaust the stack.
:func:`loads` refuses all of them with :class:`JSONProblem`, whose ``reason``
is an Indonesian sentence (and ``line``/``column`` when known).
:func:`check_value` applies the same rules to a value before it is saved.

>>> loads('{"a": 1}')
{'a': 1}
>>> try:
...     loads('{"a": 1, "a": 2}')
... except JSONProblem as problem:
...     print(problem.reason)
isian 'a' ditulis dua kali
"""

from __future__ import annotations

import json
import math

from .errors import InvalidValueError, show

__all__ = ["JSONProblem", "loads", "check_value", "MAX_DEPTH", "MAX_INT_DIGITS"]

#: Deepest nesting of lists/objects accepted.
MAX_DEPTH = 40
#: Longest whole number accepted (digits); larger ones are surely a mistake.
MAX_INT_DIGITS = 30

_REASONS = (  # json's English message (start) -> what it means for the learner
    ("Expecting property name", "nama isian harus diapit tanda kutip ganda "
                                "(mungkin ada koma berlebih)"),
    ("Expecting ',' delimiter", "kurang tanda koma"),
    ("Expecting ':' delimiter", "kurang tanda titik dua"),
    ("Expecting value", "nilai kosong atau tidak sah (mungkin ada koma berlebih)"),
    ("Unterminated string", "teks tidak ditutup dengan tanda kutip"),
    ("Invalid control character", "ada baris baru atau tab di dalam teks"),
    ("Invalid \\escape", "ada garis miring terbalik (\\) yang tidak sah"),
    ("Invalid \\uXXXX escape", "ada kode \\u yang tidak sah"),
    ("Extra data", "ada isi tambahan setelah akhir data"),
)


class JSONProblem(InvalidValueError):
    """A text (or value) that is not acceptable JSON; ``reason`` is Indonesian.

    Callers usually wrap it with the file or answer it concerns.
    """

    def __init__(self, reason: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(f"Bukan JSON yang sah: {reason}.", value=reason, allowed=("JSON",))
        self.reason = reason
        self.line = line
        self.column = column


def _pairs(items: list) -> dict:
    out = dict(items)
    if len(out) != len(items):
        seen: set = set()
        for key, _value in items:
            if key in seen:
                raise JSONProblem(f"isian {show(key)} ditulis dua kali")
            seen.add(key)
    return out


def _constant(name: str):
    raise JSONProblem(f"'{name}' bukan angka yang sah dalam JSON")


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise JSONProblem(f"angka {show(text, 20)} terlalu panjang "
                          f"(lebih dari {MAX_INT_DIGITS} digit)")
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise JSONProblem(f"angka {show(text, 20)} terlalu besar")
    return value


def loads(text: str, *, max_depth: int | None = MAX_DEPTH):
    """Parse JSON strictly (see the module docs); :class:`JSONProblem` otherwise.

    ``max_depth=None`` skips the nesting check (the caller checks the shape itself).
    """
    if not isinstance(text, str):
        raise JSONProblem(f"isinya bukan teks (bertipe {type(text).__name__})")
    try:
        value = json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant,
                           parse_int=_integer, parse_float=_float)
    except JSONProblem:
        raise
    except json.JSONDecodeError as exc:
        why = next((reason for prefix, reason in _REASONS if exc.msg.startswith(prefix)),
                   exc.msg)
        raise JSONProblem(why, exc.lineno, exc.colno) from None
    except RecursionError:
        raise JSONProblem("isinya bertingkat terlalu dalam") from None
    except (ValueError, TypeError, OverflowError) as exc:
        raise JSONProblem(f"isinya tidak bisa dibaca ({type(exc).__name__})") from None
    if max_depth is not None:
        _depth_ok(value, max_depth)
    return value


def _depth_ok(value, max_depth: int) -> None:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > max_depth:
            raise JSONProblem(f"isinya bertingkat terlalu dalam (lebih dari {max_depth} tingkat)")
        stack.extend((child, depth + 1) for child in children)


def check_value(value) -> None:
    """Raise :class:`JSONProblem` unless ``value`` can be saved as strict JSON.

    Allowed: ``None``, ``True``/``False``, whole numbers up to
    :data:`MAX_INT_DIGITS` digits, finite decimal numbers, texts without lone
    surrogates, lists and dicts (keys: texts) of these, nested at most
    :data:`MAX_DEPTH` deep. Tuples count as lists.
    """
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if item is None or isinstance(item, bool):
            continue
        if isinstance(item, int):
            if item.bit_length() > MAX_INT_DIGITS * 3.33:
                raise JSONProblem("angkanya terlalu besar")
            continue
        if isinstance(item, float):
            if not math.isfinite(item):
                raise JSONProblem(f"{item} bukan angka yang bisa disimpan")
            continue
        if isinstance(item, str):
            _text_ok(item)
            continue
        if depth > MAX_DEPTH:
            raise JSONProblem(f"isinya bertingkat terlalu dalam (lebih dari {MAX_DEPTH} tingkat)")
        if isinstance(item, dict):
            for key in item:
                if not isinstance(key, str):
                    raise JSONProblem(f"kunci {show(key)} bukan teks")
                _text_ok(key)
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend((child, depth + 1) for child in item)
        else:
            raise JSONProblem(f"nilai bertipe '{type(item).__name__}' tidak bisa disimpan")


def _text_ok(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise JSONProblem("ada karakter rusak (surrogate) di dalam teks") from None
