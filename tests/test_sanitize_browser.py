"""Nothing a participant wrote runs in the trainer's browser (issue 10 item 3).

The class of ``test_sandbox_attacks`` (shared through ``attack_run``) holds two
payload submissions: ``m01-markdown`` (script, SVG onload, ``javascript:`` links,
iframes, remote images, forms... in a written answer, next to a markdown table)
and ``m02-keluaran`` (``display(HTML(...))``, ``Javascript(...)``, SVG, markdown
and raw outputs). Both pages the trainer opens are loaded in Debian's chromium:
the feedback file (``nbgrader generate_feedback``) and the formgrader's
submission view (a real ``jupyter server`` with nbgrader's formgrader). Every
request is recorded; the tests assert that no payload ran (``window.__serangan``
unset, title unchanged, no dialog), that no request left for the payload's
addresses, and that the table and bold text are still shown.

The formgrader's autograde button (its REST endpoint) is also exercised with a
hostile submission: the kernel it starts is sandboxed too.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import attack_support as at
import grading_support as gs
import pytest
import sanitize_payloads as payloads
from browser_support import SCREENSHOTS, free_port, launch_chromium, require_browser
from test_sandbox_attacks import attack_run

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.skipif(
    shutil.which("bwrap") is None and os.environ.get("CI") != "true",
    reason="bubblewrap (bwrap) tidak terpasang: tools/install-system-deps.sh")]

# nbgrader's own formgrade template loads MathJax from this CDN (not participant content)
NBGRADER_OWN = ("https://cdnjs.cloudflare.com/ajax/libs/mathjax/",)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return attack_run(tmp_path_factory)


@pytest.fixture(scope="module")
def browser():
    require_browser()
    with launch_chromium() as chromium:
        yield chromium


class Visit:
    """A page loaded with every request recorded; only ``allowed`` ones go through."""

    def __init__(self, browser, url: str, allowed) -> None:
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page()

        def route(r):
            self.requests.append(r.request.url)
            if allowed(r.request.url):
                r.continue_()
            else:
                r.abort()

        self.page.route("**/*", route)
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(url)
        self.page.wait_for_load_state("load")
        self.page.wait_for_timeout(1500)

    def assert_nothing_ran(self) -> None:
        assert self.page.evaluate("window.__serangan === undefined"), \
            self.page.evaluate("window.__serangan")
        assert self.page.title() != payloads.TITLE
        assert self.dialogs == []
        for link in self.page.locator("a", has_text="klik saya").all() + \
                self.page.locator("a", has_text="tautan markdown").all():
            link.click(timeout=2000)
        self.page.wait_for_timeout(300)
        assert self.page.evaluate("window.__serangan === undefined")
        assert self.page.title() != payloads.TITLE

    def screenshot_answer(self, path: Path) -> None:
        """The cell holding the table (the participant's answer), for a person to look at."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        table = self.page.locator("table", has_text=payloads.TABLE_CELL).first
        cell = table.locator("xpath=ancestor::div[contains(@class, 'cell')][1]")
        (cell if cell.count() else table).screenshot(path=str(path))

    def assert_content_readable(self) -> None:
        cell = self.page.locator("table td", has_text=payloads.TABLE_CELL)
        assert cell.count() >= 1, "the markdown table is not rendered as a table"
        assert cell.first.is_visible()
        assert self.page.locator("strong, b", has_text=payloads.BOLD_TEXT).count() >= 1


def _feedback(run, student) -> Path:
    name = run["name"]
    return run["course"] / "feedback" / student / name / f"{name}.html"


@pytest.mark.parametrize("student", ["m01-markdown", "m02-keluaran"])
def test_feedback_page_runs_no_payload_and_loads_nothing(run, browser, student):
    html_file = _feedback(run, student)
    assert html_file.exists(), run["feedback"].stdout[-2000:]
    visit = Visit(browser, html_file.as_uri(), lambda url: url.startswith(("file:", "data:")))
    try:
        visit.assert_nothing_ran()
        visit.assert_content_readable()
        leaving = [u for u in visit.requests if not u.startswith(("file:", "data:"))]
        assert leaving == [], leaving
        visit.screenshot_answer(SCREENSHOTS / f"umpan-balik-{student}.png")
    finally:
        visit.page.close()
    assert at.dangerous_markup(html_file.read_text(encoding="utf-8")) == []




def test_feedback_page_has_a_content_security_policy(run):
    from kemitraan_lib.grading.sanitize import CSP

    text = _feedback(run, "m01-markdown").read_text(encoding="utf-8")
    policies = re.findall(r'<meta[^>]*http-equiv="Content-Security-Policy"[^>]*>', text)
    assert len(policies) == 1 and f'content="{CSP}"' in policies[0], policies
    assert "cdnjs" not in text and "<script" not in text


def test_svg_output_is_shown_as_an_image(run):
    text = _feedback(run, "m02-keluaran").read_text(encoding="utf-8")
    assert 'src="data:image/svg+xml;base64,' in text
    assert "keluaran jenis application/javascript tidak ditampilkan" in text


class Formgrader:
    """``jupyter server`` with nbgrader's formgrader in the course folder (own session)."""

    def __init__(self, course: Path) -> None:
        self.course = course
        self.port = free_port()
        self.token = secrets.token_hex(16)
        cmd = [str(gs.VENV_BIN / "jupyter"), "server", "--no-browser",
               f"--port={self.port}", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.root_dir={course}", f"--IdentityProvider.token={self.token}"]
        if os.geteuid() == 0:
            cmd.append("--allow-root")
        self.log = open(course / "formgrader.log", "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(cmd, cwd=course, env=gs.env(), stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.url = f"http://127.0.0.1:{self.port}"

    def wait(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, (self.course / "formgrader.log").read_text()
            try:
                with urllib.request.urlopen(f"{self.url}/formgrader?token={self.token}",
                                            timeout=5) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        raise AssertionError("formgrader tidak siap")

    def post(self, path: str, timeout: float = 600) -> dict:
        req = urllib.request.Request(f"{self.url}{path}", data=b"", method="POST",
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.loads(r.read().decode("utf-8"))

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # our own session, by its id
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.log.close()


@pytest.fixture(scope="module")
def formgrader(run):
    server = Formgrader(run["course"])
    try:
        server.wait()
        yield server
    finally:
        server.stop()


def _submission_id(run, student) -> str:
    from nbgrader.api import Gradebook

    name = run["name"]
    with Gradebook(f"sqlite:///{run['course'] / 'gradebook.db'}") as gb:
        return gb.find_submission_notebook(name, name, student).id


@pytest.mark.parametrize("student", ["m01-markdown", "m02-keluaran"])
def test_formgrader_view_runs_no_payload_and_sends_nothing_out(run, browser, formgrader,
                                                               student):
    sid = _submission_id(run, student)
    origin = formgrader.url
    visit = Visit(browser, f"{origin}/formgrader/submissions/{sid}/?token={formgrader.token}",
                  lambda url: url.startswith((origin, "data:")))
    try:
        assert "Submission" in visit.page.content()
        visit.assert_nothing_ran()
        visit.assert_content_readable()
        outside = [u for u in visit.requests
                   if not u.startswith((origin, "data:")) and not u.startswith(NBGRADER_OWN)]
        assert outside == [], outside
        assert not any(f":{run['port']}" in u for u in visit.requests)
        # a relative payload (<img src="x">) would ask the formgrader itself for .../x
        assert not any(u.split("?")[0].endswith("/x") for u in visit.requests), visit.requests
        visit.screenshot_answer(SCREENSHOTS / f"formgrader-{student}.png")
    finally:
        visit.page.close()


def test_formgrader_autograde_button_is_sandboxed(run, formgrader):
    """POST .../autograde, as the formgrader's button does, with a hostile submission."""
    name, course = run["name"], run["course"]
    listener = at.Listener()
    marker = "kemitraan-tombol-" + secrets.token_hex(4)
    code = at.attack(f"""
        import glob, os, socket, subprocess, sys
        hasil['kunci'] = glob.glob({str(course)!r} + '/**/*.ipynb', recursive=True)
        hasil['buku'] = os.path.exists({str(course)!r} + '/gradebook.db')
        try:
            socket.create_connection(('127.0.0.1', {listener.port}), timeout=3)
            hasil['jaringan'] = 'terhubung'
        except OSError as e:
            hasil['jaringan'] = str(e)
        subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(90)', {marker!r}],
                         start_new_session=True)
    """)
    gs.submit(course, "b01-tombol", name, at.with_attack(run["release"], run["source"], code))
    try:
        answer = formgrader.post(f"/formgrader/api/submission/{name}/b01-tombol/autograde")
    finally:
        listener.close()
    assert answer["success"], answer
    nb = gs.read_nb(course / "autograded" / "b01-tombol" / name / f"{name}.ipynb")
    got = at.result_of(nb)
    assert got["kunci"] == [] and got["buku"] is False, got
    assert got["jaringan"] != "terhubung" and listener.received == []
    assert at.processes_with(marker) == []
    from kemitraan_lib.grading.sandbox import FLAG_LEFTOVER

    assert FLAG_LEFTOVER in nb.metadata["kemitraan"]["flags"]
    assert gs.gradebook_scores(course, name)["b01-tombol"]["code_score"] == pytest.approx(
        run["auto"])
