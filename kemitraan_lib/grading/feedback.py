"""An nbgrader preprocessor that keeps hidden tests out of feedback files.

nbgrader's ``generate_feedback`` renders the *autograded* notebook, in which
every test cell has its full source again, hidden tests included, and the
tracebacks of failed tests quote the failing test lines. :class:`HideTestCode`
runs inside nbgrader's own feedback pipeline (it is registered in
``nbgrader_config.py`` as one of ``GenerateFeedback.preprocessors``), so plain
``nbgrader generate_feedback`` and the formgrader's feedback button are both
safe. It:

- removes every ``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS`` region
  from every cell and puts one Indonesian comment line in its place;
- in test cells (autograded, not a solution), shortens each error to its name
  and message (``AssertionError: Soal 3 belum tepat. ...``) so no code line is
  quoted, and replaces text written to stderr by a short notice. An error that
  is already one sentence (the course's checks render that way) is kept as it
  is: ``Soal 3 belum tepat. ...``.

Scores, comments, the participant's own cells and ordinary output are kept.
It never touches the gradebook or the autograded notebook on disk.

Only the standard library and nbgrader are imported.
"""

from __future__ import annotations

import re

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool, Unicode

__all__ = ["HideTestCode", "strip_hidden_regions", "clean_test_outputs"]

HIDDEN_CODE_NOTE = "# (uji tersembunyi: kodenya tidak ditampilkan)"
HIDDEN_TEXT_NOTE = "*(uji tersembunyi tidak ditampilkan)*"
STDERR_NOTE = "(pesan peringatan dari kode uji tidak ditampilkan)\n"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def strip_hidden_regions(
    source: str,
    note: str = HIDDEN_CODE_NOTE,
    begin: str = "BEGIN HIDDEN TESTS",
    end: str = "END HIDDEN TESTS",
) -> tuple[str, int]:
    """Remove hidden-test regions; return the new source and how many were removed.

    Each region (delimiter lines included) becomes one ``note`` line at the
    indentation of its BEGIN line. A region without an END line runs to the
    end of the cell (the safe choice: hide too much rather than too little).

    >>> src = 'checks.filled(x)\\n### BEGIN HIDDEN TESTS\\nassert x == 3\\n### END HIDDEN TESTS'
    >>> new, n = strip_hidden_regions(src)
    >>> print(new)
    checks.filled(x)
    # (uji tersembunyi: kodenya tidak ditampilkan)
    >>> n
    1
    """
    out: list[str] = []
    inside = False
    count = 0
    for line in source.split("\n"):
        if not inside and begin in line:
            inside = True
            count += 1
            indent = line[: len(line) - len(line.lstrip())]
            out.append(indent + note)
        elif inside:
            if end in line:
                inside = False
        else:
            out.append(line)
    return "\n".join(out), count


def clean_test_outputs(outputs: list) -> list:
    """Return test-cell outputs without any quoted code.

    Errors keep only ``Name: message``; stderr text becomes a short notice;
    everything else (stdout, results, partial-credit numbers) is kept.
    """
    cleaned = []
    for out in outputs:
        kind = out.get("output_type")
        if kind == "error":
            ename = _ANSI.sub("", str(out.get("ename", "Error")))
            evalue = _ANSI.sub("", str(out.get("evalue", ""))).strip()
            line = f"{ename}: {evalue}" if evalue else f"{ename} (uji tidak lulus)"
            # The course's checks already render as one Indonesian sentence (their
            # _render_traceback_): keep that sentence as it is, without the class name.
            shown = [_ANSI.sub("", str(t)).strip() for t in out.get("traceback") or []]
            if evalue and shown == [evalue]:
                line = evalue
            out = dict(out)
            out["traceback"] = [line]
            cleaned.append(_as_node(out))
        elif kind == "stream" and out.get("name") == "stderr":
            out = dict(out)
            out["text"] = STDERR_NOTE
            cleaned.append(_as_node(out))
        else:
            cleaned.append(out)
    return cleaned


def _as_node(d: dict):
    from nbformat import from_dict

    return from_dict(d)


def _is_test_cell(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("grade")) and not bool(meta.get("solution"))


class HideTestCode(Preprocessor):
    """Feedback preprocessor: hide hidden tests' code, keep results and scores.

    Register after ``GetGrades``::

        c.GenerateFeedback.preprocessors = [
            "nbgrader.preprocessors.GetGrades",
            "kemitraan_lib.grading.feedback.HideTestCode",
            "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
        ]
    """

    enabled = Bool(True, help="Run this preprocessor.").tag(config=True)
    begin_test_delimeter = Unicode(
        "BEGIN HIDDEN TESTS", help="Marks the start of a hidden-test region."
    ).tag(config=True)
    end_test_delimeter = Unicode(
        "END HIDDEN TESTS", help="Marks the end of a hidden-test region."
    ).tag(config=True)
    hide_all_test_code = Bool(
        False,
        help="Replace the whole source of every test cell, not only the hidden regions.",
    ).tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        note = HIDDEN_CODE_NOTE if cell.cell_type == "code" else HIDDEN_TEXT_NOTE
        source, _ = strip_hidden_regions(
            cell.source, note, self.begin_test_delimeter, self.end_test_delimeter
        )
        if _is_test_cell(cell):
            if self.hide_all_test_code:
                source = note
            if cell.cell_type == "code":
                cell.outputs = clean_test_outputs(cell.get("outputs", []))
        cell.source = source
        return cell, resources
