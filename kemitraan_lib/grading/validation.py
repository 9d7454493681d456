"""What ``nbgrader validate`` shows of a test cell: its one-line title, never its code.

nbgrader's validator prints the whole source of every failing test cell above
its error. Its own steps cannot be configured, but the ``Execute`` step it runs
can: :func:`short_test_source` is registered as ``Execute.on_cell_complete`` (an
nbclient hook called once a cell's code has been sent to the kernel) in
``nbgrader_config.py``. Only while a notebook is being validated
(``NBGRADER_VALIDATING=1``, set by nbgrader), it replaces the source of every
unchanged autograded test cell by a comment with the cell's title
(``# Uji: Soal 3a (1 poin).``) and updates the cell's checksum to match, so the
report shows ``Uji: Soal 3a (1 poin).`` and the one-sentence message, and a
test cell that the participant DID change is still reported as changed.
During ``nbgrader autograde`` it does nothing. The notebook file is never
written by ``validate``.
"""

from __future__ import annotations

import ast
import os

__all__ = ["short_test_source", "cell_title"]


def cell_title(source: str, fallback: str) -> str:
    """The first line of a test cell's docstring, or ``fallback``.

    >>> cell_title('\"\"\"Soal 3a (1 poin).\"\"\"\\nchecks.periksa(...)', "uji-3a")
    'Soal 3a (1 poin).'
    >>> cell_title("assert x", "uji-9")
    'uji-9'
    """
    try:
        doc = ast.get_docstring(ast.parse(source))
    except (SyntaxError, ValueError):
        doc = None
    return doc.strip().split("\n")[0] if doc and doc.strip() else fallback


def short_test_source(cell=None, **_kwargs) -> None:
    """nbclient hook: while validating, a test cell shows its title instead of its code."""
    if cell is None or os.environ.get("NBGRADER_VALIDATING") != "1":
        return
    from nbgrader import utils

    if cell.cell_type != "code" or not utils.is_grade(cell) or utils.is_solution(cell):
        return
    meta = cell.metadata.nbgrader
    if meta.get("checksum") and meta["checksum"] != utils.compute_checksum(cell):
        return  # changed by the participant: nbgrader reports it as changed
    cell.source = "# Uji: " + cell_title(cell.source, meta.get("grade_id", "uji"))
    meta["checksum"] = utils.compute_checksum(cell)
