"""A participant's slips in a real assignment, in the real learner view (issue 15).

JupyterLab is started with the learner settings of ``tools/buka.py --peran
peserta`` (its ``lab_command``) on a throw-away folder holding a copy of the
released ``tugas-01-hakikat``; Debian's chromium, driven by Playwright, types
each everyday slip into an answer cell, runs the answer and its test with
Shift+Enter, and reads what is on screen: one Indonesian sentence and no
traceback. It also types the name and a written answer (one click, and a
double-click, must both edit), saves, reopens and finds the text again.
Screenshots of three messages go to ``artifacts/screenshots/`` (git-ignored).
"""

from __future__ import annotations

import inspect
import json
import os
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from browser_support import (
    ROOT,
    SCREENSHOTS,
    free_port,
    launch_chromium,
    require_browser,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(1200)]

NAME = "tugas-01-hakikat"
TOKEN = "uji-tugas"
TIMEOUT_MS = 120_000  # a kernel start on a shared machine can be slow
NOTEBOOK = f"{NAME}.ipynb"


def _lab_command(port: int, root: Path, env: dict) -> tuple[list[str], dict]:
    """The learner view's command line from tools/buka.py, pointed at ``root``."""
    from tools import buka

    extra = ["--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
             f"--IdentityProvider.token={TOKEN}"]
    old = dict(os.environ)
    os.environ.update(env)
    try:
        if "root" in inspect.signature(buka.lab_command).parameters:
            cmd, lab_env = buka.lab_command("peserta", extra, root)
        else:
            cmd, lab_env = buka.lab_command("peserta", extra)
    finally:
        os.environ.clear()
        os.environ.update(old)
    cmd = [f"--ServerApp.root_dir={root}" if a.startswith("--ServerApp.root_dir=") else a
           for a in cmd]
    return cmd, lab_env


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    require_browser()
    work = tmp_path_factory.mktemp("lab-tugas")
    root = work / "kursus"
    (root / "modules").mkdir(parents=True)
    shutil.copy(ROOT / "modules" / "00-mulai.ipynb", root / "modules" / "00-mulai.ipynb")
    shutil.copy(ROOT / "exercises" / NAME / NOTEBOOK, root / NOTEBOOK)
    env = {
        "JUPYTER_RUNTIME_DIR": str(work / "runtime"),
        "JUPYTER_CONFIG_DIR": str(work / "jupyter-config"),
        "JUPYTERLAB_WORKSPACES_DIR": str(work / "workspaces"),
        "KEMITRAAN_MODE": "ujian",  # what a participant of a graded class sees
    }
    port = free_port()
    cmd, lab_env = _lab_command(port, root, env)
    lab_env.update(env)
    log = open(work / "lab.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(cmd, cwd=root, env=lab_env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=3):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail("JupyterLab did not start:\n"
                                + (work / "lab.log").read_text(errors="replace")[-3000:])
                time.sleep(0.5)
        yield {"base": base, "root": root}
    finally:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(proc.pid, sig)  # our own process group, by its id
                proc.wait(timeout=15)
                break
            except ProcessLookupError:
                break
            except subprocess.TimeoutExpired:
                continue
        log.close()


@pytest.fixture(scope="module")
def browser(lab):
    with launch_chromium() as chromium:
        yield chromium


def _open(browser, lab):
    page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="id-ID")
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{lab['base']}/lab/tree/{NOTEBOOK}?token={TOKEN}&reset")
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell")
    return page


def _cell(page, text: str):
    """The notebook cell whose text contains ``text``, made active and scrolled into view.

    JupyterLab only draws the cells near the screen, so this walks through the
    notebook with the arrow keys in command mode (as a keyboard user would);
    JupyterLab scrolls to and draws the active cell.
    """
    cells = page.locator(".jp-NotebookPanel:visible .jp-Notebook .jp-Cell")
    found = cells.filter(has_text=text)
    if found.count() and found.first.is_visible():
        found.first.scroll_into_view_if_needed()
        return found.first
    page.keyboard.press("Escape")
    if not page.locator(".jp-NotebookPanel:visible .jp-Cell.jp-mod-active").count():
        cells.first.click(position={"x": 5, "y": 5})
    for key in ("ArrowDown", "ArrowUp"):
        for _ in range(120):
            active = page.locator(".jp-NotebookPanel:visible .jp-Cell.jp-mod-active")
            if active.filter(has_text=text).count():
                found = cells.filter(has_text=text).first
                found.scroll_into_view_if_needed()
                return found
            before = active.count() and active.first.inner_text()
            page.keyboard.press(key)
            page.wait_for_timeout(60)
            if active.count() and active.first.inner_text() == before:
                page.wait_for_timeout(300)  # drawing lags on a busy machine
                if active.first.inner_text() == before:
                    break  # first or last cell reached
    raise AssertionError(f"no cell with {text!r}")


def _replace_line(page, cell, line: int, text: str) -> None:
    """Click on line ``line`` of a cell's editor and type ``text`` over that line."""
    cell.locator(".cm-line").nth(line).click()
    page.keyboard.press("Home")
    page.keyboard.press("Shift+End")
    page.keyboard.type(text)


def _editor_text(cell) -> str:
    return "\n".join(cell.locator(".cm-line").all_inner_texts())


def _prompt(cell) -> str:
    return cell.locator(".jp-InputArea-prompt").inner_text().strip()


def _run_and_wait(page, cell) -> None:
    """Shift+Enter on the active cell, then wait until the kernel has run it.

    A person waits for a cell to finish before running the next one (a cell
    queued behind a failing one is skipped by the kernel, as in JupyterLab).
    """
    before = _prompt(cell)
    page.keyboard.press("Shift+Enter")
    page.wait_for_function(
        "([el, before]) => /^\\[\\d+\\]:$/.test(el.innerText.trim()) "
        "&& el.innerText.trim() !== before",
        arg=[cell.locator(".jp-InputArea-prompt").element_handle(), before])


def _run_answer_and_test(page, answer: str, soal: str = "1a"):
    """Type ``answer`` into the answer cell, Shift+Enter it and the test below it."""
    answer_cell = _cell(page, f"# Soal {soal}: tulis")
    test_cell = _cell(page, f'"""Soal {soal} (')
    _replace_line(page, answer_cell, 1, answer)
    assert _editor_text(answer_cell).splitlines()[1] == answer
    _run_and_wait(page, answer_cell)    # runs the answer, moves to the test cell
    _run_and_wait(page, test_cell)      # runs the test
    return answer_cell, test_cell


def _one_message(cell) -> tuple[str, str]:
    """The single output of a cell: (kind, text). Fails on a traceback or several outputs."""
    outputs = cell.locator(".jp-OutputArea-output")
    assert outputs.count() == 1, outputs.all_inner_texts()
    output = outputs.first
    text = output.inner_text().strip()
    assert "\n" not in text, text
    assert "Traceback" not in text and "File \"" not in text and "----> " not in text
    assert cell.locator(".jp-OutputArea-output:has-text('Traceback')").count() == 0
    kind = output.get_attribute("data-mime-type") or ""
    return kind, text


STDERR = "application/vnd.jupyter.stderr"


def _shot(page, cell, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    cell.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / name))


def test_each_slip_shows_one_indonesian_sentence(browser, lab):
    page = _open(browser, lab)
    try:
        answer, test = _run_answer_and_test(page, "jawaban_1a = kelompok")
        assert _one_message(answer) == (STDERR, 'kelompok ditulis tanpa tanda kutip. Teks harus '
                                                'diapit tanda kutip, misalnya "kelompok".')
        kind, text = _one_message(test)
        assert kind == STDERR and text.startswith("Sel jawaban Soal 1a belum berhasil dijalankan.")
        _shot(page, answer, "tugas-pesan-kata-tanpa-kutip.png")

        answer, test = _run_answer_and_test(page, 'jawaban_1a = "jejaring')
        assert _one_message(answer) == (STDERR, "Baris 2: tanda kutip belum ditutup. Teks harus "
                                                'diapit dua tanda kutip, misalnya "kata".')
        assert _one_message(test)[1].startswith("Sel jawaban Soal 1a belum berhasil dijalankan.")

        answer, test = _run_answer_and_test(page, 'jawaban_1a = "jejaring" kemitraan')
        assert _one_message(answer) == (STDERR, "Baris 2: penulisannya belum benar: mungkin ada "
                                                "tanda kutip atau tanda koma yang kurang, atau "
                                                "kata yang tertulis di luar tanda kutip.")

        answer, test = _run_answer_and_test(page, 'jawaban_1a = "jejaring",')
        assert answer.locator(".jp-OutputArea-output").count() == 0
        assert _one_message(test) == (STDERR, "Soal 1a: ada tanda koma yang membuat jawaban "
                                              "berisi lebih dari satu nilai. Tulis satu nilai saja "
                                              "dan hapus tanda koma di akhir baris.")
        _shot(page, test, "tugas-pesan-koma-di-akhir.png")

        answer, test = _run_answer_and_test(page, "jawaban_1a = None  # GANTI None")
        assert _one_message(test) == (STDERR, 'Soal 1a belum diisi: ganti None dengan salah satu '
                                              'kata "jejaring", "kemitraan".')
        _shot(page, test, "tugas-pesan-belum-diisi.png")

        answer, test = _run_answer_and_test(page, 'jawaban_1a = "Jejaring"')
        kind, text = _one_message(test)
        assert kind != STDERR
        assert text == ("Soal 1a: bentuk jawaban sudah benar. Benar atau salahnya dinilai saat "
                        "penilaian.")
    finally:
        page.close()


def _saved_source(lab, grade_id: str | None, index: int | None = None) -> str:
    nb = json.loads((lab["root"] / NOTEBOOK).read_text(encoding="utf-8"))
    for number, cell in enumerate(nb["cells"]):
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if (grade_id and gid == grade_id) or (index is not None and number == index):
            src = cell["source"]
            return src if isinstance(src, str) else "".join(src)
    raise AssertionError(grade_id)


def test_name_and_written_answer_edit_save_and_reopen(browser, lab):
    page = _open(browser, lab)
    cells_before = None
    try:
        cells_before = json.loads((lab["root"] / NOTEBOOK).read_text())["cells"].__len__()
        # The name: one click into the cell, then type (no double-click needed).
        name = _cell(page, "# Nama lengkap dan ID")
        _replace_line(page, name, 1, 'nama_lengkap = "Siti Aminah"')
        assert page.locator(".jp-Notebook.jp-mod-editMode").count() == 1
        _replace_line(page, name, 2, 'id_peserta = "p07"')
        # The written answer: a learner's double-click on the placeholder must edit too.
        written = _cell(page, "Jawaban tertulis: tulis jawaban Anda")
        written.locator(".cm-line", has_text="TULIS JAWABAN ANDA DI SINI").dblclick()
        assert page.locator(".jp-Notebook.jp-mod-editMode").count() == 1
        page.keyboard.press("Home")
        page.keyboard.press("Shift+End")
        page.keyboard.type("Jejaring baru saling kenal; kemitraan sudah berbagi peran.")
        page.keyboard.press("Enter")
        page.keyboard.type("Contoh: KTH kami dan KUD sudah menulis MoU.")
        page.keyboard.press("Escape")
        page.keyboard.press("Control+s")
        page.wait_for_function(
            "() => !document.querySelector('.jp-mod-current.jp-mod-dirty')")
    finally:
        page.close()

    assert 'nama_lengkap = "Siti Aminah"' in _saved_source(lab, None, index=1)
    saved = _saved_source(lab, "jawaban-9")
    assert "kemitraan sudah berbagi peran.\nContoh: KTH kami dan KUD sudah menulis MoU." in saved
    assert "TULIS JAWABAN ANDA DI SINI" not in saved
    assert len(json.loads((lab["root"] / NOTEBOOK).read_text())["cells"]) == cells_before

    from playwright.sync_api import expect

    page = _open(browser, lab)  # reopen: the text is there
    try:
        expect(_cell(page, "# Nama lengkap dan ID").locator(".cm-content")).to_contain_text(
            'nama_lengkap = "Siti Aminah"')
        expect(_cell(page, "Jawaban tertulis: tulis jawaban").locator(".cm-content")
               ).to_contain_text("Contoh: KTH kami dan KUD sudah menulis MoU.")
    finally:
        page.close()
