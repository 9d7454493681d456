"""`make lab` / `make pelatih` open a real JupyterLab: Indonesian UI, learners
without nbgrader's instructor tools and without the answer keys, in their own copy of
the course; trainers with both, in the course folder.

The tests start the same launcher the Makefile calls (tools/buka.py) on a free
loopback port and ask the running server, over HTTP, what a browser would get.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "uji-kemitraan"
INSTRUCTOR_PLUGINS = ("@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:formgrader")
SELF_STUDY_HIDDEN = ("@jupyter/nbgrader:menu", "@jupyter/nbgrader:assignment-list",
                     "@jupyter/nbgrader:validate-assignment")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    req = urllib.request.Request(url, headers={"Authorization": f"token {TOKEN}"})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, ""


@pytest.fixture(scope="module", params=["peserta", "pelatih"])
def lab(request, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp(request.param)
    port = _free_port()
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    # Keep the tester's own ~/.jupyter out of the picture.
    env["JUPYTER_CONFIG_DIR"] = str(tmp_path / "jupyter-config")
    env["KEMITRAAN_RUANG"] = str(tmp_path / "KursusKemitraan")  # the learner's copy
    log = tmp_path / "lab.log"
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "tools" / "buka.py"), "--peran", request.param,
         "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
         f"--IdentityProvider.token={TOKEN}"],
        env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _get(f"{base}/api/status")[0] == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"JupyterLab ({request.param}) did not start")
            time.sleep(0.5)
        yield request.param, base, log, tmp_path / "KursusKemitraan"
    finally:
        _stop(proc)


def _stop(proc: subprocess.Popen) -> None:
    """Stop the server's whole process group, even if it already exited."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=15)
            return
        except subprocess.TimeoutExpired:
            continue


def _page_config(base: str) -> dict:
    status, html = _get(f"{base}/lab/tree/modules/00-mulai.ipynb")
    assert status == 200
    match = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                      html, re.S)
    assert match, "page config missing from /lab"
    return json.loads(match.group(1))


def test_ui_language_is_indonesian(lab):
    base = lab[1]
    status, body = _get(f"{base}/lab/api/settings/@jupyterlab/translation-extension:plugin")
    assert status == 200
    setting = json.loads(body)
    # overrides.json in .venv changes the default; the user's own choice (if any) still wins.
    assert setting["schema"]["properties"]["locale"]["default"] == "id_ID"
    assert setting["settings"].get("locale", "id_ID") == "id_ID"
    status, body = _get(f"{base}/lab/api/translations/id_ID")
    assert status == 200 and json.loads(body)["data"], "Indonesian language pack not installed"


def test_instructor_tools_only_for_trainers(lab):
    role, base = lab[:2]
    disabled = _page_config(base).get("disabledExtensions", [])
    formgrader_status = _get(f"{base}/formgrader")[0]
    if role == "peserta":
        assert set(INSTRUCTOR_PLUGINS) <= set(disabled)
        # Self-study: no nbgrader menu, assignment list or Validate button either.
        assert set(SELF_STUDY_HIDDEN) <= set(disabled)
        assert formgrader_status == 404
    else:
        assert not set(INSTRUCTOR_PLUGINS) & set(disabled)
        assert formgrader_status == 200


def test_opens_the_landing_notebook():
    from tools import buka

    cmd, env = buka.lab_command("peserta", [])
    assert "--LabApp.default_url=/lab/tree/modules/00-mulai.ipynb" in cmd
    assert (ROOT / buka.LANDING).name == "00-mulai.ipynb"
    assert "kemitraan" in env["JUPYTER_CONFIG_PATH"]


def test_each_role_has_its_own_settings_and_workspace(monkeypatch):
    for key in ("JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR"):
        monkeypatch.delenv(key, raising=False)
    from tools import buka

    learner = buka.lab_command("peserta", [])[1]
    trainer = buka.lab_command("pelatih", [])[1]
    for key in ("JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR", "JUPYTER_CONFIG_PATH"):
        assert learner[key] != trainer[key], key
        assert Path(learner[key].split(os.pathsep)[0]).is_dir(), key  # made by make setup


def test_no_browser_prints_the_address_of_module_00(lab):
    base, log = lab[1], lab[2]
    deadline = time.monotonic() + 20
    while "00-mulai.ipynb?token=" not in log.read_text(errors="replace"):
        assert time.monotonic() < deadline, log.read_text(errors="replace")[-2000:]
        time.sleep(0.5)
    # (a token given on the command line is printed masked: "?token=...")
    assert f"{base}/lab/tree/modules/00-mulai.ipynb?token=" in log.read_text()


def test_learner_works_in_a_copy_and_never_sees_the_keys(lab):
    role, base, _, space = lab
    status, body = _get(f"{base}/api/contents")
    names = {entry["name"] for entry in json.loads(body)["content"]}
    if role == "pelatih":
        assert {"modules", "solutions", "nbgrader_config.py"} <= names
        status, body = _get(f"{base}/api/contents/solutions/tugas-01-hakikat")
        assert status == 200 and "tugas-01-hakikat.ipynb" in body
        assert not space.exists()  # the trainer view never makes a learner's copy
        return
    assert names == {"modules", "exercises"}
    assert (space / "modules" / "00-mulai.ipynb").exists()
    # Even when answer keys end up in the learner's folder (a whole project unzipped
    # there), the learner view neither lists nor serves them.
    keys = space / "solutions" / "tugas-01-hakikat"
    keys.mkdir(parents=True)
    (keys / "tugas-01-hakikat.ipynb").write_bytes(
        (ROOT / "solutions" / "tugas-01-hakikat" / "tugas-01-hakikat.ipynb").read_bytes())
    try:
        status, body = _get(f"{base}/api/contents")
        assert "solutions" not in {e["name"] for e in json.loads(body)["content"]}
        for url in ("/api/contents/solutions", "/api/contents/solutions/tugas-01-hakikat",
                    "/api/contents/solutions/tugas-01-hakikat/tugas-01-hakikat.ipynb",
                    "/files/solutions/tugas-01-hakikat/tugas-01-hakikat.ipynb",
                    "/nbconvert/html/solutions/tugas-01-hakikat/tugas-01-hakikat.ipynb",
                    "/view/solutions/tugas-01-hakikat/tugas-01-hakikat.ipynb"):
            assert _get(base + url)[0] == 404, url
    finally:
        import shutil

        shutil.rmtree(space / "solutions")


def test_course_translations_are_served(lab):
    base = lab[1]
    status, body = _get(f"{base}/lab/api/translations/id_ID")
    data = json.loads(body)["data"]["jupyterlab"]
    assert data["Run All Cells"] == ["Jalankan Semua Sel"]
    assert data["Restart Kernel…"] == ["Mulai Ulang Kernel…"]
    # Menu titles come from the settings schemas, translated by the server (.mo).
    status, body = _get(f"{base}/lab/api/settings/@jupyterlab/mainmenu-extension:plugin")
    menus = json.loads(body)["schema"]["jupyter.lab.menus"]["main"]
    assert [m["label"] for m in menus][:3] == ["Berkas", "Sunting", "Tampilan"]
