"""Everyday slips give one Indonesian sentence in a real course kernel (the hints extension).

The kernel is started the way JupyterLab and nbgrader start it (jupyter_client,
this environment's python3 kernel): the extension must already be active,
loaded by the IPython config that ``tools/siapkan_lab.py`` installs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from kemitraan_lib.grading import hints

pytestmark = pytest.mark.slow
T1 = "tugas-01-hakikat"
TEST_1A = f'from kemitraan_lib.grading import checks\nchecks.periksa("{T1}", "1a", jawaban_1a)'


def _run(cells: list[str], monkeypatch, mode: str = "ujian") -> list:
    monkeypatch.setenv("KEMITRAAN_MODE", mode)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    NotebookClient(nb, allow_errors=True, kernel_name="python3", timeout=60).execute()
    return [c.outputs for c in nb.cells]


def _error(outputs) -> str | None:
    errors = [o for o in outputs if o.output_type == "error"]
    if not errors:
        return None
    assert len(errors) == 1 and len(errors[0].traceback) == 1, errors
    text = errors[0].traceback[0]
    assert "Traceback" not in text and "File " not in text and "\x1b" not in text
    return text


def _text(outputs) -> str:
    return "".join(o.get("text", "") for o in outputs if o.output_type == "stream")


def test_extension_is_installed_in_this_environment():
    path = Path(sys.prefix) / "etc" / "ipython" / hints.CONFIG_NAME
    assert path.exists(), "run `python tools/siapkan_lab.py` (make does it)"
    extensions = json.loads(path.read_text())["InteractiveShellApp"]["extensions"]
    assert hints.EXTENSION in extensions


def test_install_keeps_other_settings_and_is_idempotent(tmp_path):
    config = tmp_path / "etc" / "ipython" / hints.CONFIG_NAME
    config.parent.mkdir(parents=True)
    config.write_text(json.dumps({"InteractiveShellApp": {"extensions": ["lain"]},
                                  "X": {"y": 1}}))
    hints.install(tmp_path)
    hints.install(tmp_path)
    data = json.loads(config.read_text())
    assert data["InteractiveShellApp"]["extensions"] == ["lain", hints.EXTENSION]
    assert data["X"] == {"y": 1}
    config.write_text("{ rusak")
    hints.install(tmp_path)
    assert json.loads(config.read_text())["InteractiveShellApp"]["extensions"] == [
        hints.EXTENSION]


def test_everyday_slips_in_a_real_kernel(monkeypatch):
    outputs = _run([
        "jawaban_1a = kelompok",                     # 0 word without quotes
        TEST_1A,                                     # 1 ... the answer cell failed
        'jawaban_1a = "jejaring',                    # 2 missing closing quote
        TEST_1A,                                     # 3
        'jawaban_1a = "jejaring",',                  # 4 trailing comma
        TEST_1A,                                     # 5
        "jawaban_1a = None  # GANTI None",           # 6 None left
        TEST_1A,                                     # 7
        "jawaban_1a = \u201cjejaring\u201d",         # 8 curly quotes from a chat app
        TEST_1A,                                     # 9
        TEST_1A.replace("1a", "1b"),                 # 10 answer cell never run
        'jawaban_1c = "ke" + "mitraan"',             # 11 a computed value
        TEST_1A.replace("1a", "1c"),                 # 12
        'jawaban_1d = "jejaring" x',                 # 13 missing comma / quote
        "import pandas as pd\npd.DataFrame({'a': [1]})['b']",  # 14 library error: untouched
    ], monkeypatch)
    assert _error(outputs[0]) == ('kelompok ditulis tanpa tanda kutip. Teks harus diapit tanda '
                                  'kutip, misalnya "kelompok".')
    assert _error(outputs[1]).startswith("Sel jawaban Soal 1a belum berhasil dijalankan.")
    assert _error(outputs[2]).startswith("Baris 1: tanda kutip belum ditutup.")
    assert _error(outputs[3]).startswith("Sel jawaban Soal 1a belum berhasil dijalankan.")
    assert _error(outputs[4]) is None
    assert _error(outputs[5]).startswith("Soal 1a: ada tanda koma")
    assert _error(outputs[7]).startswith("Soal 1a belum diisi: ganti None dengan")
    assert _error(outputs[8]) is None
    assert _text(outputs[9]).startswith("Soal 1a: bentuk jawaban sudah benar.")
    assert _error(outputs[10]).startswith("Sel jawaban Soal 1b belum dijalankan.")
    assert _error(outputs[12]).startswith("Jawaban Soal 1c harus satu nilai yang ditulis")
    assert _error(outputs[13]).startswith("Baris 1:")
    library = [o for o in outputs[14] if o.output_type == "error"][0]
    assert len(library.traceback) > 1  # real bugs keep their traceback


def test_a_failed_answer_cell_never_leaves_an_older_value(monkeypatch):
    """A correct earlier run must not be judged after the cell is broken (issue 15)."""
    outputs = _run([
        'jawaban_2 = "c"',
        TEST_1A.replace("1a", "2"),
        'jawaban_2 = "c',            # now broken: the old "c" must not count
        TEST_1A.replace("1a", "2"),
    ], monkeypatch, mode="latihan")
    assert _text(outputs[1]) == "Soal 2: jawaban tepat. Bagus!\n"
    assert _error(outputs[3]).startswith("Sel jawaban Soal 2 belum berhasil dijalankan.")


def test_name_error_messages():
    assert hints.name_error_message("none").startswith("Tulis None")
    assert hints.name_error_message("true").startswith("Tulis True")
    assert "Soal 12b" in hints.name_error_message("jawaban_12b")
