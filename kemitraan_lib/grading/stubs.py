"""One-line answer stubs in the released notebooks.

The source notebooks write an answer cell so that nbgrader can cut out the
solution::

    # Soal 3a: tulis satu huruf pilihan di antara tanda kutip, misalnya "a".
    jawaban_3a = (
        ### BEGIN SOLUTION
        "b"
        ### END SOLUTION
    )

nbgrader's ``ClearSolutions`` would release that as three lines with a
``None`` between brackets, which a non-programmer easily breaks (a bracket
deleted, a comma added). :class:`OneLineAnswers` is ``ClearSolutions`` plus one
step: such a cell becomes ::

    # Soal 3a: tulis satu huruf pilihan di antara tanda kutip, misalnya "a".
    jawaban_3a = None  # GANTI None DENGAN JAWABAN ANDA

Written answers are code cells too (a markdown cell needs a double-click that
leaves JupyterLab in command mode, where typed letters become shortcuts and the
text is lost; a code cell is edited with one click). Their solution sits in a
triple-quoted string, and the release holds ``ClearSolutions.text_stub`` there::

    jawaban_tertulis_9 = \"\"\"
    TULIS JAWABAN ANDA DI SINI
    \"\"\"

It is registered in ``nbgrader_config.py`` in place of ``ClearSolutions`` in
``GenerateAssignment.preprocessors``; every option of ``ClearSolutions``
(``code_stub``, ``text_stub``, delimiters, ...) still applies.
"""

from __future__ import annotations

import re

from nbgrader.preprocessors import ClearSolutions

__all__ = ["OneLineAnswers", "one_line", "WRITTEN_NAME"]

#: Written answers (graded by the trainer) are bound to ``jawaban_tertulis_<n>``.
WRITTEN_NAME = re.compile(r"^[ \t]*jawaban_tertulis_\w+[ \t]*=", re.M)

_BRACKETED = re.compile(
    r"^(?P<head>[ \t]*jawaban_\w+[ \t]*=[ \t]*)\([ \t]*\n"
    r"[ \t]*(?P<stub>[^\n]*?)[ \t]*\n[ \t]*\)[ \t]*$",
    re.M,
)


def one_line(source: str) -> str:
    """Collapse ``name = (\\n    STUB\\n)`` into ``name = STUB`` (only for answer names).

    >>> print(one_line('# Soal 1\\njawaban_1 = (\\n    None  # GANTI\\n)'))
    # Soal 1
    jawaban_1 = None  # GANTI
    """
    return _BRACKETED.sub(lambda m: m.group("head") + m.group("stub"), source)


class OneLineAnswers(ClearSolutions):
    """``ClearSolutions`` that leaves one ``jawaban_... = None`` line per answer."""

    def preprocess_cell(self, cell, resources, cell_index):
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if cell.cell_type == "code" and WRITTEN_NAME.search(cell.source):
            stub = self.code_stub.get("python", "").strip()
            lines = [self.text_stub if stub and line.strip() == stub else line
                     for line in cell.source.split("\n")]
            cell.source = "\n".join(lines)
        elif cell.cell_type == "code" and "jawaban_" in cell.source:
            cell.source = one_line(cell.source)
        return cell, resources
