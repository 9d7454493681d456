"""Hypothesis strategies for hostile input: arbitrary JSON-like values, texts and bytes.

Used by tests/test_fuzz.py. Every strategy mixes plain random values with the
shapes that broke the library before (huge integers, deep nesting, lone
surrogates, invisible and direction characters, NaN, formula-looking text).
"""

from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

#: One fixed, derandomized profile: CI sees the same examples on every run.
FUZZ = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))

NASTY_TEXTS = [
    "", " ", "\x00", "a\x00b", "\ud800", "x\udfffy", "\u200b", "\u200bBudi", "\ufeff",
    "\u202eKTH", "\u2066a\u2069", "\u00ad", "\u3164", "José", "Jose\u0301", "ＫＴＨ",
    "=HYPERLINK(\"http://x\")", "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "'=1", "\t=1",
    "\r\n", "\r", "a;b", '"', "\u2028", "\uffff", "\U0010ffff", "../x", "/", "..",
    "a" * 5000, "9" * 5000, "NaN", "Infinity", "-0", "1e999", "0x10", "٣", "𝟑",
    "peta.json", "peta.csv", "peta.xlsx", "peta-hubungan.csv", "PETA.XLSX", "x.xls",
]

ANY_CHAR = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, categories=None,
                         exclude_categories=())
TEXTS = st.one_of(st.sampled_from(NASTY_TEXTS), st.text(ANY_CHAR, max_size=40),
                  st.text(max_size=12))
# Huge numbers are built with map(): hypothesis prints a strategy with repr(), and
# Python refuses to print an int of more than 4300 digits.
INTEGERS = st.one_of(st.integers(-10, 10), st.integers(), st.sampled_from(
    [63, 64, 30, 400, 5000, -5000]).map(lambda d: (10 ** abs(d)) * (1 if d > 0 else -1)))
FLOATS = st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                   st.sampled_from([float("nan"), float("inf"), -float("inf"), 1e308, -0.0,
                                    3.0, 2.5]))
SCALARS = st.one_of(st.none(), st.booleans(), INTEGERS, FLOATS, TEXTS)


def deep(depth: int, kind: str = "list"):
    """A value nested ``depth`` levels deep (built without recursion)."""
    value: object = 0
    for _ in range(depth):
        value = [value] if kind == "list" else {"a": value}
    return value


JSON_VALUES = st.one_of(
    st.recursive(SCALARS, lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(TEXTS, inner, max_size=4)),
        max_leaves=12),
    st.sampled_from([(100, "list"), (5000, "list"), (100, "dict"), (3000, "dict")]).map(
        lambda spec: deep(*spec)),
)


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buf.getvalue()


@st.composite
def mutated(draw, good: bytes):
    """``good`` cut short, with bytes flipped, inserted or removed."""
    data = bytearray(good)
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["cut", "flip", "insert", "delete"]))
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        if action == "cut":
            del data[at:]
        elif action == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        else:
            del data[at:at + draw(st.integers(1, 16))]
    return bytes(data)


def byte_strings(*examples: bytes):
    """Random bytes, and mutations of the given good files."""
    options = [st.binary(max_size=300)]
    options += [mutated(example) for example in examples]
    return st.one_of(*options)


def xlsx_parts_mutated(good: bytes):
    """A valid xlsx with one of its parts replaced by random or truncated XML."""

    @st.composite
    def build(draw):
        with zipfile.ZipFile(io.BytesIO(good)) as archive:
            parts = {name: archive.read(name) for name in archive.namelist()}
        name = draw(st.sampled_from(sorted(parts)))
        parts[name] = draw(st.one_of(mutated(parts[name]), st.binary(max_size=200),
                                     st.just(b"")))
        if draw(st.booleans()):
            parts.pop(draw(st.sampled_from(sorted(parts))))
        return _zip(parts)

    return build()
