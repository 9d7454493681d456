"""Reading a participant's answer cell as DATA, never by running it.

Every answer cell of a graded notebook holds one plain value::

    # Soal 3a: tulis satu huruf di antara tanda kutip, misalnya "a".
    jawaban_3a = "b"

:func:`read_cell` parses such a cell with :mod:`ast` and returns, for every
``jawaban_...`` name the cell binds, either the value of the literal on the
right of ``=`` (``ast.literal_eval``: text, numbers, ``None``; also lists and
tuples, which the checks then refuse with a hint) or an :class:`AnswerProblem`
saying in Indonesian why there is no plain value (the cell does not parse,
the value is computed, the name is bound some other way).

Two places use it, so what a participant sees and what is graded agree:

- the course's IPython extension (:mod:`kemitraan_lib.grading.hints`) replaces
  a ``jawaban_...`` variable by its problem after the cell ran, so the test
  below it explains the problem instead of judging the value;
- the trusted verdict (:mod:`kemitraan_lib.grading.verdict`) takes every answer
  out of the submitted notebook with :func:`notebook_answers` and checks it in
  a fresh kernel that never runs participant code.

Standard library only; nothing is executed.

>>> read_cell('# Soal 1\\njawaban_1 = " B "')
{'jawaban_1': ' B '}
>>> read_cell('jawaban_2 = 3 + 4')['jawaban_2'].kind
'not-plain'
>>> read_cell('jawaban_3 = "b')['jawaban_3'].kind
'syntax'
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

__all__ = [
    "ANSWER_NAME",
    "MAX_CELL_CHARS",
    "AnswerProblem",
    "answer_label",
    "assigned_names",
    "straighten_quotes",
    "syntax_hint",
    "read_cell",
    "notebook_answers",
]

#: Variables that hold answers: ``jawaban_1``, ``jawaban_3a``, ...
ANSWER_NAME = re.compile(r"^jawaban_[0-9]+[a-z]?$")
_ASSIGNED = re.compile(r"^[ \t]*(jawaban_[0-9]+[a-z]?)[ \t]*(?::[^=\n]*)?=(?!=)", re.M)
#: Longer answer cells are not read (an answer is one short value).
MAX_CELL_CHARS = 5000
_CURLY_DOUBLE = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
                               "\u00ab": '"', "\u00bb": '"'})
_CURLY_SINGLE = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'"})


@dataclass(frozen=True)
class AnswerProblem:
    """Stands in for an answer that has no plain value.

    ``kind`` is one of ``not-run`` (the cell failed when it ran), ``syntax``
    (the cell cannot be read), ``not-plain`` (a computed value or other code),
    ``missing`` (no cell gives the answer) or ``too-long``; ``detail`` is an
    Indonesian sentence (or empty). :meth:`message` makes the one sentence a
    test shows.
    """

    kind: str
    detail: str = ""

    def message(self, label: str) -> str:
        detail = f" {self.detail}" if self.detail else ""
        if self.kind == "not-run":
            return (f"Sel jawaban {label} belum berhasil dijalankan.{detail} Perbaiki sel "
                    "jawaban itu, jalankan lagi (Shift+Enter), lalu jalankan sel uji ini.")
        if self.kind == "syntax":
            return f"Sel jawaban {label} belum dapat dibaca.{detail}"
        if self.kind == "missing":
            return (f"Sel jawaban {label} tidak ditemukan. Jangan menghapus sel jawaban; "
                    "tulis jawaban_... = nilai di selnya.")
        if self.kind == "too-long":
            return f"Sel jawaban {label} terlalu panjang. Tulis satu nilai saja."
        return (f"Jawaban {label} harus satu nilai yang ditulis langsung, misalnya \"b\" atau "
                f"7, bukan rumus atau perintah.{detail}")

    def __repr__(self) -> str:  # shown if a participant prints the variable
        return f"<jawaban belum terbaca: {self.kind}>"

    def __bool__(self) -> bool:
        return False


def answer_label(name: str) -> str:
    """``jawaban_3a`` -> ``Soal 3a``."""
    return "Soal " + name.split("_", 1)[1] if "_" in name else name


def assigned_names(source: str) -> list[str]:
    """``jawaban_...`` names a cell assigns at the start of a line (works on broken cells).

    >>> assigned_names('jawaban_1 = "a"\\n  jawaban_2b: str = "b"\\nx == jawaban_3')
    ['jawaban_1', 'jawaban_2b']
    """
    seen: list[str] = []
    for match in _ASSIGNED.finditer(source):
        if match.group(1) not in seen:
            seen.append(match.group(1))
    return seen


def straighten_quotes(source: str) -> str | None:
    """A version of ``source`` that parses once curly quotes are made straight, or None.

    Only used when ``source`` itself does not parse: a value typed in a word
    processor or a chat app often carries curly quotes (“b”).

    >>> straighten_quotes('jawaban_1 = \\u201cb\\u201d')
    'jawaban_1 = "b"'
    >>> straighten_quotes('jawaban_1 = "b"') is None
    True
    """
    if not _parses(source):
        for variant in (source.translate(_CURLY_DOUBLE),
                        source.translate(_CURLY_DOUBLE).translate(_CURLY_SINGLE)):
            if variant != source and _parses(variant):
                return variant
    return None


def _parses(source: str) -> bool:
    try:
        ast.parse(source)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    return True


def syntax_hint(error: SyntaxError) -> str:
    """One Indonesian sentence for a SyntaxError in a cell (line number and what to fix).

    >>> syntax_hint(SyntaxError("unterminated string literal (detected at line 2)",
    ...                         ("<cell>", 2, 13, 'jawaban_1 = "b\\n')))
    'Baris 2: tanda kutip belum ditutup. Teks harus diapit dua tanda kutip, misalnya "kata".'
    """
    msg = str(getattr(error, "msg", "") or error)
    line = getattr(error, "lineno", None)
    where = f"Baris {line}: " if line else ""
    low = msg.lower()
    if "unterminated string" in low or "eol while scanning" in low or "unterminated triple" in low:
        what = ('tanda kutip belum ditutup. Teks harus diapit dua tanda kutip, '
                'misalnya "kata".')
    elif "invalid character" in low and any(q in msg for q in "\u201c\u201d\u2018\u2019"):
        what = ('tanda kutip miring (“ ” atau ‘ ’) tidak dikenal. Ketik ulang tanda kutipnya '
                'dengan tanda kutip biasa ".')
    elif "forgot a comma" in low:
        what = "tampaknya ada tanda koma atau tanda kutip yang kurang."
    elif "was never closed" in low or "unmatched" in low or "does not match" in low:
        what = "tanda kurung tidak berpasangan. Setiap ( harus ditutup dengan )."
    elif "unexpected indent" in low:
        what = "ada spasi di awal baris. Hapus spasi itu."
    elif "expected an indented block" in low or "unindent" in low:
        what = "susunan spasi di awal baris tidak cocok. Hapus spasi di awal baris."
    elif "cannot assign" in low or "maybe you meant '==' or ':='" in low:
        what = 'tulis nama jawaban di kiri tanda =, nilainya di kanan: jawaban_1 = "b".'
    elif "invalid decimal literal" in low or "leading zeros" in low:
        what = ('angka dan huruf bercampur. Tulis angka tanpa huruf, atau teks di antara '
                'tanda kutip.')
    elif "invalid character" in low:
        what = "ada tanda yang tidak dikenal Python. Pakai huruf, angka dan tanda kutip biasa."
    else:
        what = ("penulisannya belum benar: mungkin ada tanda kutip atau tanda koma yang kurang, "
                "atau kata yang tertulis di luar tanda kutip.")
    return where + what


_BINDING_NODES = (ast.AugAssign, ast.AnnAssign, ast.Delete, ast.For, ast.AsyncFor, ast.With,
                  ast.AsyncWith, ast.Import, ast.ImportFrom, ast.FunctionDef,
                  ast.AsyncFunctionDef, ast.ClassDef, ast.Global, ast.NamedExpr)


def _names_bound(node: ast.AST) -> set[str]:
    """Answer names a statement binds other than by a plain ``name = literal``."""
    found: set[str] = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, (ast.Store, ast.Del)):
            found.add(sub.id)
        elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.add(sub.name)
        elif isinstance(sub, (ast.Import, ast.ImportFrom)):
            found.update((a.asname or a.name).split(".")[0] for a in sub.names)
        elif isinstance(sub, ast.Global):
            found.update(sub.names)
    return {n for n in found if ANSWER_NAME.match(n)}


def read_cell(source: str) -> dict[str, object]:
    """Values (or :class:`AnswerProblem`) of the answer names a cell binds.

    A name counts when the cell binds it anywhere. Its value is the literal of
    its *last* top-level ``jawaban_... = literal`` (or annotated) assignment;
    any other way of binding it (a computed value, ``+=``, unpacking, a loop,
    an import, ...) makes it ``not-plain``. Other statements in the cell are
    ignored: they do not bind an answer.
    """
    if len(source) > MAX_CELL_CHARS:
        return {name: AnswerProblem("too-long") for name in assigned_names(source)}
    text = source
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError) as error:
        fixed = straighten_quotes(text)
        if fixed is None:
            detail = syntax_hint(error) if isinstance(error, SyntaxError) else ""
            return {name: AnswerProblem("syntax", detail) for name in assigned_names(text)}
        tree = ast.parse(fixed)
    except (MemoryError, RecursionError):
        return {name: AnswerProblem("too-long") for name in assigned_names(text)}
    values: dict[str, object] = {}
    for stmt in tree.body:
        target = value_node = None
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(
                stmt.targets[0], ast.Name):
            target, value_node = stmt.targets[0].id, stmt.value
        elif (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
              and stmt.value is not None and stmt.simple):
            target, value_node = stmt.target.id, stmt.value
        if target is not None and ANSWER_NAME.match(target):
            try:
                values[target] = ast.literal_eval(value_node)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                values[target] = AnswerProblem("not-plain")
            # the right-hand side may still bind another answer (walrus)
            for other in _names_bound(value_node):
                values[other] = AnswerProblem("not-plain")
            continue
        for name in _names_bound(stmt):
            values[name] = AnswerProblem("not-plain")
    return values


def _source(cell) -> str:
    src = cell.get("source", "")
    return src if isinstance(src, str) else "".join(src)


def _failed(cell) -> bool:
    return any(out.get("output_type") == "error" for out in cell.get("outputs", []) or [])


def notebook_answers(nb, names, skip_cells=frozenset()) -> dict[str, object]:
    """The answer for each of ``names`` in a notebook (dict-like nbformat JSON).

    Code cells are read top to bottom; for each name the *last* cell that
    binds it decides (the same cell a top-to-bottom run would leave in
    effect). If that cell ended with an error when the notebook was executed
    (it has an ``error`` output), the answer is ``not-run``: a value the
    participant's own run never reached is never graded. A name no cell binds
    is ``missing``. Cells whose index is in ``skip_cells`` (the test cells)
    are not read.
    """
    wanted = list(dict.fromkeys(names))
    result: dict[str, object] = {name: AnswerProblem("missing") for name in wanted}
    for index, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code" or index in skip_cells:
            continue
        source = _source(cell)
        if "jawaban_" not in source:
            continue
        found = read_cell(source)
        for name, value in found.items():
            if name not in result:
                continue
            if _failed(cell):
                value = AnswerProblem("not-run")
            result[name] = value
    return result
