"""A trusted verdict for every graded test: participant code cannot forge a score.

During ``nbgrader autograde`` the participant's notebook runs in a kernel that
the participant's own code controls: an answer cell can patch
``kemitraan_lib.grading.checks``, builtins or ``sys.modules``, install an
IPython input or AST transformer that empties later cells, swallow
exceptions, ... and every test would pass. :class:`TrustedVerdict` runs right
after nbgrader's ``Execute`` and decides the score without any of that:

1. It takes each answer out of the submitted notebook as DATA
   (:func:`kemitraan_lib.grading.answers.notebook_answers`: the literal on the
   right of ``jawaban_... = ``, read with :mod:`ast`; anything else is "not a
   plain value", and an answer cell that ended with an error in the
   participant's run counts as not run).
2. It runs the graded test cells, with the source nbgrader keeps in the
   gradebook (hidden tests included), in a **fresh kernel** that holds only
   those values and never runs a line of participant code. The kernel is
   started with the kernel manager class configured for nbgrader's
   ``Execute`` (``Execute.kernel_manager_class``; a sandbox when the course
   configures one, jupyter_client's default otherwise), in an empty folder.
3. It replaces the outputs of the submission's test cells with the trusted
   run's outputs, so nbgrader's ``SaveAutoGrades`` scores the trusted result
   and the feedback shows its messages.
4. Where the participant's run claimed a pass that the trusted run fails, it
   adds a flag for the trainer (:func:`kemitraan_lib.grading.flags.add_flag`).

It also records, when the grading process starts, a fingerprint of the
course's checker files; if they change while a class is graded (possible only
without a sandbox), every test of the submission fails with a flag instead of
being scored by a changed checker.

Register it in ``nbgrader_config.py`` right after ``Execute`` in
``Autograde.autograde_preprocessors`` (see that file).
"""

from __future__ import annotations

import ast
import copy
import hashlib
import re
import tempfile
from pathlib import Path

import nbformat
from nbconvert.preprocessors import Preprocessor
from traitlets import Bool, Integer, Unicode

from kemitraan_lib.grading.answers import ANSWER_NAME, AnswerProblem, notebook_answers
from kemitraan_lib.grading.flags import add_flag

__all__ = [
    "TrustedVerdict",
    "checker_fingerprint",
    "values_cell",
    "FLAG_DISAGREES",
    "FLAG_CHANGED",
]

FLAG_DISAGREES = (
    "Hasil uji di notebook peserta berbeda dari pemeriksaan ulang yang terpercaya ({soal}): "
    "uji yang di notebook peserta lulus ternyata tidak lulus. Nilai diambil dari pemeriksaan "
    "ulang; periksa kiriman ini."
)
FLAG_CHANGED = (
    "Berkas pemeriksa kursus berubah selama penilaian, jadi kiriman ini tidak dinilai. "
    "Pasang ulang kursus lalu nilai ulang dengan --force."
)
_CHANGED_MESSAGE = ("Pemeriksa kursus berubah selama penilaian; soal ini belum dapat dinilai. "
                    "Pelatih akan menilai ulang.")
_NAME_IN_SOURCE = re.compile(r"\bjawaban_[0-9]+[a-z]?\b")
_baseline: dict[str, str] = {}


def _checker_files() -> list[Path]:
    base = Path(__file__).resolve().parents[1]
    files = sorted((base / "grading").glob("*.py"))
    files += [base / "content.py", base / "cases.py", base / "analysis.py", base / "network.py",
              base / "__init__.py"]
    return [f for f in files if f.exists()]


def checker_fingerprint(files: list[Path] | None = None) -> str:
    """SHA-256 over the course files the graded tests import."""
    digest = hashlib.sha256()
    for path in files if files is not None else _checker_files():
        digest.update(str(path.name).encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")
    return digest.hexdigest()


def values_cell(values: dict[str, object]) -> str:
    """Python source that binds every answer name to its value (data only).

    >>> print(values_cell({"jawaban_1": "b", "jawaban_2": None}).splitlines()[-2:])
    ["jawaban_1 = 'b'", 'jawaban_2 = None']
    """
    lines = [
        "import os as _os",
        "_os.environ['KEMITRAAN_MODE'] = 'penilaian'",
        "from kemitraan_lib.grading.answers import AnswerProblem as _AnswerProblem",
    ]
    for name, value in values.items():
        if not ANSWER_NAME.match(name):
            raise ValueError(f"not an answer name: {name!r}")
        if isinstance(value, AnswerProblem):
            lines.append(f"{name} = _AnswerProblem({value.kind!r}, {value.detail!r})")
        else:
            literal = repr(value)
            # a value is only ever a literal read by ast.literal_eval: check the round trip
            if ast.literal_eval(literal) != value:  # pragma: no cover - defensive
                raise ValueError(f"{name}: value does not round-trip")
            lines.append(f"{name} = {literal}")
    return "\n".join(lines)


def _is_test_cell(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


def _failed(outputs) -> bool:
    return any(out.get("output_type") == "error" for out in outputs or [])


def _error_output(message: str):
    return nbformat.v4.new_output("error", ename="CheckFailed", evalue=message,
                                  traceback=[message])


class TrustedVerdict(Preprocessor):
    """nbgrader autograde step: re-run the graded tests on the answers as data."""

    enabled = Bool(True, help="Run the trusted verdict.").tag(config=True)
    timeout = Integer(30, help="Seconds one trusted test cell may run.").tag(config=True)
    startup_timeout = Integer(60, help="Seconds to wait for the trusted kernel.").tag(config=True)
    kernel_name = Unicode("python3", help="Kernel for the trusted run.").tag(config=True)
    kernel_manager_class = Unicode(
        "", help="Kernel manager for the trusted run; empty = Execute.kernel_manager_class."
    ).tag(config=True)
    check_fingerprint = Bool(
        True, help="Refuse to score when the course's checker files changed during grading."
    ).tag(config=True)

    def __init__(self, **kw):
        super().__init__(**kw)
        if self.check_fingerprint and "value" not in _baseline:
            _baseline["value"] = checker_fingerprint()

    # -- helpers -------------------------------------------------------------------
    def _manager_class(self):
        from traitlets.utils.importstring import import_item

        name = self.kernel_manager_class
        if not name:
            configured = self.config.get("Execute", {}).get("kernel_manager_class")
            if configured:
                return configured if not isinstance(configured, str) else import_item(configured)
            from jupyter_client.manager import AsyncKernelManager

            return AsyncKernelManager
        return import_item(name)

    def _gradebook_tests(self, resources) -> dict[str, str] | None:
        """grade_id -> source of every autograded test cell, from the gradebook."""
        info = resources.get("nbgrader") or {}
        needed = ("db_url", "assignment", "notebook")
        if not all(info.get(k) for k in needed):
            return None
        from nbgrader.api import Gradebook

        with Gradebook(info["db_url"]) as gb:
            notebook = gb.find_notebook(info["notebook"], info["assignment"])
            solutions = {c.name for c in notebook.solution_cells}
            graded = {c.name for c in notebook.grade_cells
                      if c.cell_type == "code" and c.name not in solutions}
            return {c.name: c.source for c in notebook.source_cells if c.name in graded}

    def _run(self, tests: list[tuple[str, str]], values: dict[str, object]) -> list[list]:
        from nbclient import NotebookClient

        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": self.kernel_name, "display_name": "Python 3",
                                     "language": "python"}
        nb.cells.append(nbformat.v4.new_code_cell(values_cell(values)))
        nb.cells += [nbformat.v4.new_code_cell(source) for _, source in tests]
        with tempfile.TemporaryDirectory(prefix="kemitraan-verdict-") as folder:
            client = NotebookClient(
                nb, timeout=self.timeout, startup_timeout=self.startup_timeout,
                kernel_name=self.kernel_name, allow_errors=True, interrupt_on_timeout=True,
                kernel_manager_class=self._manager_class(), config=self.config,
                resources={"metadata": {"path": folder}},
            )
            client.execute()
        if _failed(nb.cells[0].get("outputs")):
            raise RuntimeError("trusted verdict: the values cell failed: "
                               + str(nb.cells[0].outputs[-1].get("evalue", "")))
        return [cell.get("outputs", []) for cell in nb.cells[1:]]

    # -- nbconvert entry point -------------------------------------------------------
    def preprocess(self, nb, resources):
        indices = {}
        for index, cell in enumerate(nb.cells):
            if _is_test_cell(cell):
                indices[cell.metadata["nbgrader"]["grade_id"]] = index
        sources = self._gradebook_tests(resources)
        if sources is None:  # not inside nbgrader: use the notebook's own test cells
            sources = {gid: nb.cells[i].source for gid, i in indices.items()}
        tests = [(gid, sources[gid]) for gid in indices if gid in sources]
        if not tests:
            return nb, resources

        if self.check_fingerprint and checker_fingerprint() != _baseline.get("value"):
            for gid, _ in tests:
                nb.cells[indices[gid]].outputs = [_error_output(_CHANGED_MESSAGE)]
            add_flag(nb, FLAG_CHANGED)
            return nb, resources

        names: list[str] = []
        for _, source in tests:
            for name in _NAME_IN_SOURCE.findall(source):
                if name not in names:
                    names.append(name)
        values = notebook_answers(nb, names, skip_cells=set(indices.values()))
        trusted = self._run(tests, values)

        disagree = []
        for (gid, _), outputs in zip(tests, trusted, strict=True):
            cell = nb.cells[indices[gid]]
            claimed_pass = not _failed(cell.get("outputs"))
            cell.outputs = [copy.deepcopy(out) for out in outputs]
            if claimed_pass and _failed(outputs):
                disagree.append(gid)
        if disagree:
            add_flag(nb, FLAG_DISAGREES.format(soal=", ".join(_soal(g) for g in disagree)))
        return nb, resources


def _soal(grade_id: str) -> str:
    """``uji-3a-kuadran`` -> ``Soal 3a``."""
    parts = grade_id.split("-")
    return f"Soal {parts[1]}" if len(parts) > 1 else grade_id
