"""A whole class on one JupyterHub (deploy/jupyterhub), tested for real on loopback.

``make kelas`` (deploy/jupyterhub/kelas.py) is started as a subprocess with a real
JupyterHub, a real proxy and real single-user servers on free 127.0.0.1 ports;
nbgrader's exchange carries the assignment. As root (here and in CI) every
participant and grader gets a Unix account of their own and their server runs
as that account. Everything is stopped by process id and every account removed
(``userdel -r``) when a test class ends, also after a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests

from kemitraan_kelas import plan as plan_module
from kemitraan_kelas import postgres as local_postgres
from kemitraan_kelas.rehearsal import (
    ASSIGNMENT,
    CLASS_PASSWORD,
    DEPLOY,
    GRADER_PASSWORD,
    IS_ROOT,
    KELAS,
    KelasRunner,
    UserServer,
    build_course,
    code_points,
    course_source,
    fill_answers,
    run_as_grader,
    write_participants,
    written_code_points,
)

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

PARTICIPANTS = ["ani", "budi"]
TRAINER = "pelatih"
needs_root = pytest.mark.skipif(not IS_ROOT, reason="Unix accounts need root (CI runs as root)")


def _workdir(prefix: str) -> Path:
    """A temp folder every Unix user can traverse (the class's accounts live below it)."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    os.chmod(path, 0o711)
    return path


def _source_notebook() -> dict:
    path = course_source() / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    if not path.is_file():
        pytest.fail(f"Tugas nyata {path} tidak ada: uji kelas memerlukan tugas kursus.")
    return json.loads(path.read_text(encoding="utf-8"))


def _deploy_files() -> list[str]:
    return sorted(str(p) for p in DEPLOY.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts)


def _sources(nb: dict) -> list[str]:
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in nb["cells"]]


def _teardown(runner: KelasRunner, work: Path, deploy_before: list[str] | None = None):
    """Stop the class, remove its accounts and folder; then assert nothing was left."""
    try:
        killed = runner.stop()
        left = runner._strays()
    finally:
        accounts_left = runner.remove_accounts()
        shutil.rmtree(work, ignore_errors=True)
    assert not accounts_left, f"Unix accounts left after teardown: {accounts_left}"
    assert not left, f"processes left after teardown: {[p.pid for p in left]}"
    # kelas.py stops the hub, which stops proxy and servers: nothing needs SIGKILL.
    assert not killed, f"had to SIGKILL {killed}\n{runner.log()[-3000:]}"
    if deploy_before is not None:  # servers wrote nothing into the project's deploy folder
        assert _deploy_files() == deploy_before


@pytest.fixture(scope="class")
def kelas():
    """kelas.py with one trainer and two participants; one server starts at a time."""
    work = _workdir("kemitraan-hub-uji-")
    runner = KelasRunner(work, build_course(work / "kursus"), PARTICIPANTS, [TRAINER],
                         extra_args=["--batas-start-serentak", "1"])
    deploy_before = _deploy_files()
    try:
        runner.start()
        yield runner
    finally:
        _teardown(runner, work, deploy_before)


@pytest.fixture
def running(kelas):
    """The class with every server started (already running ones are left as they are)."""
    kelas.start_servers([*PARTICIPANTS, TRAINER])
    return kelas


class TestKelasSatuPelatihDuaPeserta:
    def test_login_page_is_indonesian_and_wrong_password_is_refused(self, kelas):
        page = requests.get(f"{kelas.base}/hub/login", timeout=30)
        assert page.status_code == 200
        assert "Masuk ke Kelas Kemitraan" in page.text
        assert "Kata sandi kelas" in page.text

        _, wrong = kelas.login("ani", "bukan-sandinya")
        assert wrong.status_code == 403
        assert "Nama pengguna atau kata sandi tidak cocok" in wrong.text
        # the shared class password does not open a trainer's account
        _, as_trainer = kelas.login(TRAINER, CLASS_PASSWORD)
        assert as_trainer.status_code == 403
        # a name that is not on the participant list cannot log in
        _, stranger = kelas.login("orang-lain", CLASS_PASSWORD)
        assert stranger.status_code == 403

    @pytest.mark.browser
    def test_logins_beyond_the_start_limit_wait_on_a_page_that_opens_the_server(self, kelas):
        """Three logins at once, one start at a time: each waits, none sees an error."""
        from browser_support import CHROMIUM, CHROMIUM_ARGS, require_browser

        require_browser()
        from playwright.sync_api import sync_playwright

        logins = {"ani": CLASS_PASSWORD, "budi": CLASS_PASSWORD, TRAINER: GRADER_PASSWORD}
        errors: list[str] = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                pages = {}
                for name, password in logins.items():
                    page = browser.new_context().new_page()
                    page.add_init_script(_RECORD_WAITING_PAGE)
                    page.on("response", lambda r, n=name: errors.append(f"{n} {r.status} {r.url}")
                            if r.status >= 400 and "/hub/" in r.url else None)
                    page.goto(f"{kelas.base}/hub/login")
                    page.fill("#username_input", name)
                    page.fill("#password_input", password)
                    page.click("#login_submit", no_wait_after=True)
                    pages[name] = page
                seen = {}
                for name, page in pages.items():  # nobody clicks anything from here on
                    page.wait_for_url(f"**/user/{name}/lab**", timeout=300_000)
                    seen[name] = json.loads(page.evaluate(
                        "() => sessionStorage.getItem('uji-tunggu') || '[]'"))
            finally:
                browser.close()
        assert not errors, errors
        for name in logins:
            assert kelas.api("GET", f"/users/{name}").json()["servers"][""]["ready"]
        # those who arrived while another server was starting waited on the Indonesian
        # page, saw their place in the queue, and were taken to JupyterLab by the page
        waited = [name for name, events in seen.items()
                  if "Server Anda sedang disiapkan" in events]
        queued = [name for name, events in seen.items()
                  if any("Nomor antrean Anda" in e for e in events)]
        assert len(waited) >= 2 and queued, seen
        for name in waited:
            assert any('"ready": true' in e for e in seen[name]), seen[name]

    @needs_root
    def test_each_server_runs_as_its_own_unix_account(self, running):
        import psutil

        plan = running.plan
        assert plan.unix_accounts
        servers = {}
        for p in psutil.process_iter(["cmdline", "uids", "environ"]):
            cmd = " ".join(p.info["cmdline"] or [])
            if "kemitraan_kelas.server" in cmd and str(plan.homes) in (
                    (p.info["environ"] or {}).get("HOME", "")):
                servers[p.info["environ"]["JUPYTERHUB_USER"]] = p.info["uids"].real
        assert set(servers) == {*PARTICIPANTS, TRAINER}
        import pwd

        for user, uid in servers.items():
            assert uid != 0
            assert pwd.getpwuid(uid).pw_name == f"{running.prefix}{user}"

    @needs_root
    def test_participant_kernel_cannot_reach_others_keys_or_gradebook(self, running):
        plan = running.plan
        ani = UserServer(running, "ani", running.user_token("ani"))
        budi_file = plan.home("budi") / "kursus" / "modules" / "00-mulai.ipynb"
        targets = {
            "rumah_budi": ("list", plan.home("budi")),
            "berkas_budi": ("read", budi_file),
            "tulis_rumah_budi": ("write", plan.home("budi") / "dari-ani.txt"),
            "kunci": ("list", Path(plan.course_root) / plan.source_directory),
            "kunci_berkas": ("read", Path(plan.course_root) / plan.source_directory
                             / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"),
            "buku_nilai": ("read", Path(plan.course_root) / "gradebook.db"),
            "tulis_kursus": ("write", Path(plan.course_root) / "dari-ani.txt"),
            "hub": ("list", plan.hub_dir),
            "rencana": ("read", Path(plan.data_dir) / plan_module.PLAN_FILE),
            "rahasia_hub": ("read", plan.hub_dir / "jupyterhub_cookie_secret"),
            "kiriman_masuk": ("list", plan.exchange / plan.course_id / "inbound"),
            "tulis_rilis": ("write", plan.exchange / plan.course_id / "outbound" / "x.txt"),
        }
        for _mode, path in targets.values():  # what is read or listed is really there
            assert _mode == "write" or path.exists(), path
        spec = json.dumps({k: [mode, str(path)] for k, (mode, path) in targets.items()})
        code = _ATTEMPTS + f"\nprint(json.dumps(probe({spec})))"
        out = ani.run_in_kernel(code)
        result = json.loads(out.strip().splitlines()[-1])
        assert result.pop("__akun__") == f"{running.prefix}ani"
        assert result == {name: "DITOLAK" for name in targets}, result

    def test_release_fetch_submit_collect_autograde_feedback(self, running):
        kelas = running
        plan = kelas.plan
        assert plan.gradebook_url.startswith("sqlite:///")  # one grader: SQLite
        course_id = plan.course_id
        source = _source_notebook()
        full = code_points(source)
        assert full > 0
        trainer = UserServer(kelas, TRAINER, kelas.user_token(TRAINER))

        # trainer releases through the formgrader (the button in "Manage Assignments")
        out = trainer.formgrader("POST", f"assignment/{ASSIGNMENT}/release")
        assert out["success"], out

        # Ani: with her token, through the endpoints of JupyterLab's Assignments tab
        ani = UserServer(kelas, "ani", kelas.user_token("ani"))
        listed = ani.assignments(course_id)
        assert [(a["assignment_id"], a["status"]) for a in listed] == [(ASSIGNMENT, "released")]
        fetched = ani.fetch(course_id, ASSIGNMENT)
        assert [a["status"] for a in fetched] == ["fetched"]
        nb_path = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
        nb, filled = fill_answers(ani.read_notebook(nb_path), source)
        assert filled > 0
        ani.save_notebook(nb_path, nb)  # as JupyterLab saves
        assert "submitted" in [a["status"] for a in ani.submit(course_id, ASSIGNMENT)]

        # Budi: logged in through the login form like a browser (cookie + XSRF), submits blank
        session, resp = kelas.login("budi", CLASS_PASSWORD)
        assert resp.status_code == 200 and resp.url.startswith(f"{kelas.base}/user/budi/")
        budi = UserServer(kelas, "budi", session=session)
        assert [a["status"] for a in budi.fetch(course_id, ASSIGNMENT)] == ["fetched"]
        assert "submitted" in [a["status"] for a in budi.submit(course_id, ASSIGNMENT)]

        # Ani then files her full answers under Budi's id (nbgrader's own command in her
        # kernel): the newest "budi" submission in the exchange is hers
        forged = ani.run_in_kernel(
            "import subprocess, os\n"
            f"r = subprocess.run(['nbgrader', 'submit', '{ASSIGNMENT}', '--student', 'budi'],"
            " cwd=os.path.expanduser('~'), capture_output=True, text=True)\n"
            "print(r.returncode, r.stdout[-500:], r.stderr[-1500:])")
        assert forged.startswith("0"), forged

        # each submission is filed under the id it claims; only graders can list them
        inbound = sorted(p.name.split("+")[0]
                         for p in (plan.exchange / course_id / "inbound").iterdir())
        assert inbound == ["ani", "budi", "budi"]

        # trainer collects and autogrades through the formgrader
        out = trainer.formgrader("POST", f"assignment/{ASSIGNMENT}/collect")
        assert out["success"], out
        submitted = Path(plan.course_root) / "submitted"
        assert sorted(p.name for p in submitted.iterdir()) == ["ani", "budi"]
        ani_copy = json.loads((submitted / "ani" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
                              .read_text(encoding="utf-8"))
        assert _sources(ani_copy) == _sources(nb)
        for student in PARTICIPANTS:
            out = trainer.formgrader("POST", f"submission/{ASSIGNMENT}/{student}/autograde")
            assert out["success"], out.get("error", out)

        # the formgrader lists both, each with their own score: Budi's is his own blank one
        subs = {s["student"]: s for s in trainer.formgrader("GET", f"submissions/{ASSIGNMENT}")}
        assert set(subs) == {"ani", "budi"}
        assert all(s["autograded"] for s in subs.values())
        # written answers are code cells too (graded by hand, not yet): in the maximum only
        assert subs["ani"]["max_code_score"] == pytest.approx(full + written_code_points(source))
        assert subs["ani"]["code_score"] == pytest.approx(full)
        assert subs["budi"]["code_score"] == pytest.approx(0)
        students = {s["id"] for s in trainer.formgrader("GET", "students")}
        assert {"ani", "budi"} <= students

        # feedback: generated and released by the trainer, fetched by each participant
        for step in ("generate_feedback", "release_feedback"):
            out = trainer.formgrader("POST", f"assignment/{ASSIGNMENT}/{step}")
            assert out["success"], out
        ani.fetch_feedback(course_id, ASSIGNMENT)
        budi.fetch_feedback(course_id, ASSIGNMENT)
        for name in PARTICIPANTS:
            found = list((plan.home(name) / ASSIGNMENT / "feedback").rglob("*.html"))
            assert len(found) == 1, (name, found)
            assert "<html" in found[0].read_text(encoding="utf-8").lower()

    def test_participant_cannot_open_another_participants_server(self, running):
        kelas = running
        ani_token = kelas.user_token("ani")
        r = requests.get(f"{kelas.base}/user/budi/api/status",
                         headers={"Authorization": f"token {ani_token}"}, timeout=30)
        assert r.status_code == 403
        r = requests.get(f"{kelas.base}/user/ani/api/status",
                         headers={"Authorization": f"token {ani_token}"}, timeout=30)
        assert r.status_code == 200
        # in a browser: Ani's login cookie does not open Budi's server or the trainer's
        session, _ = kelas.login("ani", CLASS_PASSWORD)
        for other in ("budi", TRAINER):
            r = session.get(f"{kelas.base}/user/{other}/lab", timeout=60)
            assert r.status_code == 403, (other, r.status_code, r.url)
            assert f"/user/{other}/lab" not in r.url
        # and the hub's admin page is closed to participants
        r = session.get(f"{kelas.base}/hub/admin", timeout=30)
        assert r.status_code == 403

    def test_participants_do_not_get_instructor_tools(self, running):
        kelas = running
        ani = UserServer(kelas, "ani", kelas.user_token("ani"))
        trainer = UserServer(kelas, TRAINER, kelas.user_token(TRAINER))
        assert ani.request("GET", "/formgrader/manage_assignments").status_code == 404
        assert ani.request("GET", "/formgrader/api/students").status_code == 404
        assert trainer.request("GET", "/formgrader/manage_assignments").status_code == 200
        # JupyterLab's page config hides the instructor plug-ins for participants only
        lab = ani.request("GET", "/lab").text
        assert '"@jupyter/nbgrader:formgrader"' in lab
        assert '"@jupyter/nbgrader:create-assignment"' in lab
        trainer_lab = trainer.request("GET", "/lab").text
        assert '"@jupyter/nbgrader:formgrader"' not in trainer_lab
        # no terminal for participants (not needed, one less thing to get lost in)
        assert ani.request("POST", "/api/terminals").status_code == 404
        # the JupyterLab interface defaults to Indonesian for everyone
        plugin = ani.json("GET", "/lab/api/settings/@jupyterlab/translation-extension:plugin")
        assert plugin["schema"]["properties"]["locale"]["default"] == "id_ID"
        assert ani.json("GET", "/lab/api/translations/id_ID")["data"]

    def test_participant_lands_on_own_copy_of_the_course(self, running):
        kelas = running
        landing = plan_module.ROOT / "modules" / "00-mulai.ipynb"
        if not landing.is_file():
            pytest.fail(f"{landing} is missing: participants would land on an empty folder")
        session, resp = kelas.login("budi", CLASS_PASSWORD)
        assert resp.status_code == 200
        assert resp.url == f"{kelas.base}/user/budi/lab/tree/kursus/modules/00-mulai.ipynb"
        budi = UserServer(kelas, "budi", session=session)
        names = {c["name"] for c in budi.json("GET", "/api/contents/kursus")["content"]}
        assert "modules" in names
        # the copy is Budi's own: writing into it leaves the project untouched
        before = landing.read_bytes()
        budi.json("PUT", "/api/contents/kursus/modules/catatan-budi.txt",
                  data=json.dumps({"type": "file", "format": "text", "content": "milik Budi"}))
        mine = kelas.plan.home("budi") / "kursus" / "modules" / "catatan-budi.txt"
        assert mine.exists()
        if IS_ROOT:  # written by Budi's own account, readable by nobody else
            import pwd

            st = mine.stat()
            assert pwd.getpwuid(st.st_uid).pw_name == f"{kelas.prefix}budi"
            assert st.st_mode & 0o077 == 0
        assert not (plan_module.ROOT / "modules" / "catatan-budi.txt").exists()
        assert landing.read_bytes() == before

    def test_participant_server_refuses_answer_keys_and_has_the_learner_settings(self, running):
        """The course's learner settings (tools/siapkan_lab.py) reach a participant's server."""
        kelas = running
        ani = UserServer(kelas, "ani", kelas.user_token("ani"))
        trainer = UserServer(kelas, TRAINER, kelas.user_token(TRAINER))
        # a solutions folder in Ani's own root, written by her own kernel
        out = ani.run_in_kernel(
            "import os, pathlib\n"
            "p = pathlib.Path.home() / 'solutions' / 'kunci.ipynb'\n"
            "p.parent.mkdir(exist_ok=True); p.write_text('{}')\n"
            "(pathlib.Path.home() / 'gradebook.db').write_text('')\n"
            "print('tertulis', p.exists())\n")
        assert "tertulis True" in out
        for path in ("/api/contents/solutions", "/api/contents/solutions/kunci.ipynb",
                     "/files/solutions/kunci.ipynb", "/api/contents/gradebook.db"):
            assert ani.request("GET", path).status_code == 404, path
        listing = {c["name"] for c in ani.json("GET", "/api/contents")["content"]}
        assert "kursus" in listing and not {"solutions", "gradebook.db"} & listing
        # the page config JupyterLab gets: learner plug-ins off, nbgrader's list kept
        lab = ani.request("GET", "/lab").text
        page = json.loads(re.search(
            r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
            lab, re.S).group(1))
        disabled = set(page["disabledExtensions"])
        for plugin in ("@jupyterlab/extensionmanager-extension:plugin",
                       "@jupyterlab/debugger-extension:notebooks",
                       "@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment"):
            assert plugin in disabled, plugin
        assert not {"@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:menu",
                    "@jupyter/nbgrader:validate-assignment", "@jupyter/nbgrader"} & disabled
        assert ani.request("GET", "/assignments",
                           params={"course_id": kelas.plan.course_id}).status_code == 200
        trainer_lab = trainer.request("GET", "/lab").text
        assert "@jupyterlab/extensionmanager-extension:plugin" not in trainer_lab
        # the course's user settings arrived in the home and are what the server serves
        tracker = ani.json("GET", "/lab/api/settings/@jupyterlab/notebook-extension:tracker")
        assert tracker["settings"]["kernelShutdown"] is True
        formgrader = trainer.json("GET", "/lab/api/settings/@jupyter/nbgrader:formgrader")
        assert formgrader["settings"]["local_config"] is False

    def test_course_update_reaches_kursus_and_keeps_the_participants_edit(self, running):
        """A new library copy (what a new ``kelas`` run installs) is merged at server start."""
        from kemitraan_kelas.layout import install_library

        kelas = running
        budi = UserServer(kelas, "budi", kelas.user_token("budi"))
        mine = budi.read_notebook("kursus/modules/00-mulai.ipynb")
        mine["cells"].append({"cell_type": "markdown", "id": "catatan-budi", "metadata": {},
                              "source": "Catatan Budi sendiri"})
        budi.save_notebook("kursus/modules/00-mulai.ipynb", mine)
        budi.json("PUT", "/api/contents/kursus/modules/catatan-sendiri.txt",
                  data=json.dumps({"type": "file", "format": "text", "content": "milik Budi"}))
        # the trainer's project changes: one module edited, one file added
        repo = kelas.workdir / "proyek-baru"
        for name in ("modules", "apps", "data"):
            shutil.copytree(plan_module.ROOT / name, repo / name,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        changed = repo / "modules" / "01-hakikat.ipynb"
        nb = json.loads(changed.read_text(encoding="utf-8"))
        nb["cells"].append({"cell_type": "markdown", "id": "pembaruan", "metadata": {},
                            "source": "Pembaruan dari pelatih"})
        changed.write_text(json.dumps(nb, indent=1), encoding="utf-8")
        (repo / "modules" / "baru-dari-pelatih.md").write_text("# Baru\n", encoding="utf-8")
        import dataclasses

        install_library(dataclasses.replace(kelas.plan, repo_root=str(repo)))
        try:
            assert kelas.api("DELETE", "/users/budi/server").status_code in (202, 204)
            for _ in range(120):
                servers = kelas.api("GET", "/users/budi").json().get("servers", {})
                if not servers:
                    break
                time.sleep(0.5)
            kelas.start_servers(["budi"])
            names = {c["name"] for c in budi.json("GET", "/api/contents/kursus/modules")[
                "content"]}
            assert "baru-dari-pelatih.md" in names
            updated = _sources(budi.read_notebook("kursus/modules/01-hakikat.ipynb"))
            assert "Pembaruan dari pelatih" in updated
            kept = _sources(budi.read_notebook("kursus/modules/00-mulai.ipynb"))
            assert "Catatan Budi sendiri" in kept
            assert "catatan-sendiri.txt" in names  # Budi's own file is still there
            if IS_ROOT:  # merged by Budi's own account
                import pwd

                new = kelas.plan.home("budi") / "kursus" / "modules" / "baru-dari-pelatih.md"
                assert pwd.getpwuid(new.stat().st_uid).pw_name == f"{kelas.prefix}budi"
        finally:
            install_library(kelas.plan)


_ATTEMPTS = '''
import json, os, pwd

def probe(targets):
    out = {"__akun__": pwd.getpwuid(os.getuid()).pw_name}
    for name, (mode, path) in targets.items():
        try:
            if mode == "list":
                os.listdir(path)
            elif mode == "read":
                with open(path, "rb") as fh:
                    fh.read(16)
            else:
                with open(path, "w") as fh:
                    fh.write("x")
            out[name] = "TERBUKA"
        except PermissionError:
            out[name] = "DITOLAK"
        except Exception as exc:
            out[name] = type(exc).__name__
    return out
'''


_RECORD_WAITING_PAGE = """
(() => {
  // test only: keep what the waiting page showed, across the redirect to JupyterLab
  const key = "uji-tunggu";
  const keep = (text) => {
    const seen = JSON.parse(sessionStorage.getItem(key) || "[]");
    seen.push(text);
    sessionStorage.setItem(key, JSON.stringify(seen));
  };
  document.addEventListener("DOMContentLoaded", () => {
    const h1 = document.querySelector("#kemitraan-tunggu h1");
    if (h1) keep(h1.textContent.trim());
  });
  const Original = window.EventSource;
  if (!Original) return;
  window.EventSource = function (url, options) {
    const source = new Original(url, options);
    source.addEventListener("message", (e) => keep(e.data));
    return source;
  };
})();
"""


@pytest.fixture(scope="class")
def dua_penilai():
    """kelas.py with two graders (its own PostgreSQL); participants have a terminal."""
    try:
        local_postgres.find_postgres_bin()
    except local_postgres.PostgresError as exc:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"PostgreSQL is not installed here ({exc})")
    work = _workdir("kemitraan-hub-pg-")
    runner = KelasRunner(work, build_course(work / "kursus"), PARTICIPANTS,
                         ["pelatih-a", "pelatih-b"], extra_args=["--terminal-peserta"])
    try:
        runner.start()
        yield runner
    finally:
        _teardown(runner, work)


class TestDuaPenilaiPostgreSQL:
    def test_two_graders_autograde_at_once_on_postgresql(self, dua_penilai):
        from nbgrader.api import Gradebook

        plan = dua_penilai.plan
        assert plan.gradebook_url.startswith("postgresql+psycopg2://")
        assert plan.postgres["pid"] > 0
        # the graders' servers read exactly this URL, from a file only graders can open;
        # the password is in no server's environment (kernels inherit it)
        password = plan.gradebook_url.split(":")[2].split("@")[0]
        for user in plan.users:
            env = plan_module.server_environment(plan, user)
            assert not any(password in value for value in env.values())
        for grader in plan.graders:
            env = plan_module.server_environment(plan, grader)
            url_file = Path(env["KEMITRAAN_GRADEBOOK_URL_FILE"])
            assert url_file.read_text(encoding="utf-8").strip() == plan.gradebook_url
        assert "KEMITRAAN_GRADEBOOK_URL_FILE" not in plan_module.server_environment(plan, "ani")
        if IS_ROOT:
            import grp

            st = url_file.stat()
            assert st.st_mode & 0o777 == 0o640
            assert grp.getgrgid(st.st_gid).gr_name == plan.grader_group

        # two submissions: Ani answers everything, Budi hands in the blank release
        source = _source_notebook()
        full = code_points(source)
        course = Path(plan.course_root)
        release = course / plan.release_directory / ASSIGNMENT
        for student in PARTICIPANTS:
            dest = course / "submitted" / student / ASSIGNMENT
            shutil.copytree(release, dest)
            if student == "ani":
                nb_file = dest / f"{ASSIGNMENT}.ipynb"
                nb, _ = fill_answers(json.loads(nb_file.read_text(encoding="utf-8")), source)
                nb_file.write_text(json.dumps(nb), encoding="utf-8")
        if IS_ROOT:  # as collect would have left them: the graders' group may write
            import grp

            from kemitraan_kelas.layout import share_with_group

            share_with_group(course, grp.getgrnam(plan.grader_group).gr_gid)

        # grader A grades Ani while grader B grades Budi: two processes at the same time,
        # each in its own account, as in their terminals
        procs = {
            student: run_as_grader(plan, grader, ["-m", "nbgrader", "autograde", ASSIGNMENT,
                                                  "--student", student, "--force"],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for grader, student in zip(plan.graders, PARTICIPANTS, strict=True)
        }
        outputs = {s: p.communicate(timeout=240)[0] for s, p in procs.items()}
        for student, proc in procs.items():
            assert proc.returncode == 0, outputs[student][-3000:]

        with Gradebook(plan.gradebook_url, plan.course_id) as gb:
            ani = gb.find_submission(ASSIGNMENT, "ani")
            budi = gb.find_submission(ASSIGNMENT, "budi")
            assert ani.code_score == pytest.approx(full)
            assert budi.code_score == pytest.approx(0)
            assert len(gb.assignment_submissions(ASSIGNMENT)) == 2
            graded = [len(nb.grades) for s in (ani, budi) for nb in s.notebooks]
            expected = len(gb.find_assignment(ASSIGNMENT).notebooks[0].grade_cells)
            assert graded == [expected, expected]
        assert not (course / "gradebook.db").exists()  # nothing went to SQLite

        # the formgrader of grader B reads the same PostgreSQL gradebook
        grader_b = plan.graders[1]
        dua_penilai.start_servers([grader_b])
        server = UserServer(dua_penilai, grader_b, dua_penilai.user_token(grader_b))
        subs = {s["student"]: s for s in server.formgrader("GET", f"submissions/{ASSIGNMENT}")}
        assert subs["ani"]["code_score"] == pytest.approx(full)
        assert subs["budi"]["code_score"] == pytest.approx(0)

    @needs_root
    def test_participant_terminal_cannot_reach_others_keys_or_gradebook(self, dua_penilai):
        plan = dua_penilai.plan
        dua_penilai.start_servers(["ani", "budi"])
        ani = UserServer(dua_penilai, "ani", dua_penilai.user_token("ani"))
        course = Path(plan.course_root)
        checks = [
            "id -un",
            f"ls {plan.home('budi')}",
            f"cat {plan.home('budi')}/kursus/modules/00-mulai.ipynb",
            f"ls {course / plan.source_directory}",
            f"cat {course / 'nbgrader_config.py'}",
            f"cat {Path(plan.data_dir) / 'sandi-postgres.txt'}",
            f"cat {Path(plan.data_dir) / plan_module.PLAN_FILE}",
            f"ls {plan.exchange / plan.course_id / 'inbound'}",
            f"touch {plan.home('budi')}/dari-ani",
        ]
        shown = ani.run_in_terminal(" ; ".join(f"{c} 2>&1 | tail -n 1" for c in checks))
        shown = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", shown).replace("\r", "")
        lines = [ln for ln in shown.splitlines() if ln.strip()]
        assert f"{dua_penilai.prefix}ani" in lines, shown
        denied = [ln for ln in lines if "Permission denied" in ln]
        assert len(denied) == len(checks) - 1, shown
        assert not (plan.home("budi") / "dari-ani").exists()


class TestPerintahKelas:
    """The command line refuses bad input with an Indonesian message, before starting."""

    def _run(self, tmp_path, *args, env=None):
        e = {k: v for k, v in os.environ.items() if not k.startswith("KEMITRAAN_KELAS")}
        e.update(env or {})
        return subprocess.run([sys.executable, str(KELAS), *args], capture_output=True,
                              text=True, env=e, cwd=tmp_path, timeout=60)

    def test_checks_the_participant_list_and_graders(self, tmp_path):
        good = write_participants(tmp_path / "peserta.csv", ["p01", "p02"])
        ok = self._run(tmp_path, "--peserta", str(good), "--pelatih", "pak-arif", "--periksa",
                       env={plan_module.ENV_PASSWORD: CLASS_PASSWORD})
        assert ok.returncode == 0, ok.stderr
        assert "2 peserta" in ok.stdout and "SQLite" in ok.stdout
        two = self._run(tmp_path, "--peserta", str(good), "--pelatih", "pak-arif,bu-dewi",
                        "--periksa", env={plan_module.ENV_PASSWORD: CLASS_PASSWORD})
        assert two.returncode == 0 and "PostgreSQL" in two.stdout

        bad = tmp_path / "salah.csv"
        bad.write_text("id;nama_depan\np01;Siti\nSiti Nur;Siti\n", encoding="utf-8")
        r = self._run(tmp_path, "--peserta", str(bad), "--pelatih", "pak-arif", "--periksa",
                      env={plan_module.ENV_PASSWORD: CLASS_PASSWORD})
        assert r.returncode == 2
        assert "baris 3" in r.stderr and "'Siti Nur'" in r.stderr

        r = self._run(tmp_path, "--peserta", str(good), "--pelatih", "a,b,c", "--periksa",
                      env={plan_module.ENV_PASSWORD: CLASS_PASSWORD})
        assert r.returncode == 2 and "1 atau 2" in r.stderr

        r = self._run(tmp_path, "--peserta", str(good), "--pelatih", "p01", "--periksa",
                      env={plan_module.ENV_PASSWORD: CLASS_PASSWORD})
        assert r.returncode == 2 and "'p01' ada di daftar peserta" in r.stderr

        r = self._run(tmp_path, "--peserta", str(good), "--pelatih", "pak-arif", "--periksa",
                      env={plan_module.ENV_PASSWORD: "pendek"})
        assert r.returncode == 2 and "minimal 8 karakter" in r.stderr

        r = self._run(tmp_path, "--peserta", str(tmp_path / "tidak-ada.csv"),
                      "--pelatih", "pak-arif", "--periksa",
                      env={plan_module.ENV_PASSWORD: CLASS_PASSWORD})
        assert r.returncode == 2 and "tidak-ada.csv" in r.stderr

    @needs_root
    def test_as_root_checks_account_names_and_says_the_mode(self, tmp_path):
        from kemitraan_kelas.accounts import check_prefix
        from kemitraan_kelas.cli import build_parser, make_plan

        good = write_participants(tmp_path / "peserta.csv", ["p01"])
        ok = self._run(tmp_path, "--peserta", str(good), "--pelatih", "pak-arif", "--periksa",
                       env={plan_module.ENV_PASSWORD: CLASS_PASSWORD})
        assert ok.returncode == 0, ok.stderr
        assert "akun komputer sendiri (jupyter-<id>)" in ok.stdout
        assert "PERHATIAN" not in ok.stderr
        # account names must be valid Unix names of at most 32 characters
        with pytest.raises(plan_module.KelasError, match="paling panjang 32 karakter"):
            check_prefix("jupyter-", ["p" * 30])
        with pytest.raises(plan_module.KelasError, match="Awalan akun 'Root_' tidak sah"):
            check_prefix("Root_", ["p01"])
        # the project folder itself never becomes a graders-only course folder
        args = build_parser().parse_args(["--peserta", str(good), "--pelatih", "pak-arif",
                                          "--folder-kursus", str(plan_module.ROOT)])
        with pytest.raises(plan_module.KelasError, match="tidak boleh folder proyek"):
            make_plan(args, plan_module.read_participants(good), ("pak-arif",))

    @needs_root
    def test_without_root_it_says_what_is_not_isolated_and_asks_before_grading(self, tmp_path):
        """Run by an ordinary account: a warning, and graded mode only with consent."""
        from kemitraan_kelas.accounts import demote, remove_accounts
        from kemitraan_kelas.class_env import ensure_class_python
        from kemitraan_kelas.layout import LIBRARIES

        python = ensure_class_python()
        prefix = f"ku{os.urandom(3).hex()}-"
        name = f"{prefix}trainer"
        work = _workdir("kemitraan-hub-bukan-root-")
        try:
            for lib, src in LIBRARIES.items():  # the code, where that account may read it
                shutil.copytree(src, work / "kode" / lib)
            course = build_course(work / "kursus")
            good = write_participants(work / "peserta.csv", ["p01"])
            subprocess.run(["useradd", "--system", "--no-create-home", "--home-dir",
                            str(work), "--comment", "Kelas Kemitraan uji", name], check=True)
            subprocess.run(["chmod", "-R", "a+rX", str(work)], check=True)
            env = {"PATH": "/usr/bin:/bin", "HOME": str(work), "PYTHONPATH": str(work / "kode"),
                   plan_module.ENV_PASSWORD: CLASS_PASSWORD}

            def kelas(*extra):
                return subprocess.run(
                    [python, "-m", "kemitraan_kelas", "--peserta", str(good), "--pelatih",
                     "pak-arif", "--folder-kursus", str(course), "--periksa", *extra],
                    capture_output=True, text=True, env=env, cwd=work, timeout=120,
                    stdin=subprocess.DEVNULL, preexec_fn=demote(name))

            plain = kelas()
            assert plain.returncode == 0, plain.stderr
            assert f"satu akun komputer yang sama ('{name}')" in plain.stderr
            assert "kunci jawaban (solutions/)" in plain.stderr
            assert "Mode kelas: latihan (tanpa tugas bernilai)" in plain.stdout
            agreed = kelas("--tanpa-isolasi")
            assert agreed.returncode == 0, agreed.stderr
            assert "Mode kelas: bernilai TANPA isolasi" in agreed.stdout
        finally:
            remove_accounts(prefix)
            shutil.rmtree(work, ignore_errors=True)

    def test_refuses_a_port_in_use_and_leaves_no_folder(self, tmp_path):
        import socket

        good = write_participants(tmp_path / "peserta.csv", ["p01"])
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            s.listen()
            port = s.getsockname()[1]
            r = self._run(tmp_path, "--peserta", str(good), "--pelatih", "pak-arif",
                          "--ip", "127.0.0.1", "--port", str(port), "--tanpa-isolasi",
                          "--folder-data", str(tmp_path / "kelas"),
                          env={plan_module.ENV_PASSWORD: CLASS_PASSWORD,
                               plan_module.ENV_GRADER_PASSWORD: GRADER_PASSWORD})
        assert r.returncode == 2
        assert f"Port {port} sedang dipakai" in r.stderr
        assert not (tmp_path / "kelas").exists()
        r = self._run(tmp_path, "--peserta", str(good), "--pelatih", "pak-arif",
                      "--ip", "300.1.2.3", "--folder-data", str(tmp_path / "kelas"),
                      env={plan_module.ENV_PASSWORD: CLASS_PASSWORD})
        assert r.returncode == 2 and "'300.1.2.3' tidak sah" in r.stderr
        assert not (tmp_path / "kelas").exists()


# -- the parts, without a hub -------------------------------------------------------------------
def _plan(tmp_path: Path, **kw) -> plan_module.ClassPlan:
    return plan_module.ClassPlan(
        course_root=str(tmp_path / "kursus"), course_id="kemitraan", data_dir=str(tmp_path),
        participants=[{"id": "p01", "first_name": "A", "last_name": "", "email": ""}],
        graders=["pak-arif"], port=8123, gradebook_url="sqlite:////x/gradebook.db", **kw)


def test_plan_round_trip_and_what_each_server_gets(tmp_path):
    """The plan JSON round-trips (jupyterhub_config.py reads what kelas.py writes)."""
    plan = _plan(tmp_path, unix_accounts=True, account_prefix="jupyter-")
    path = plan.save()
    assert oct(path.stat().st_mode & 0o777) == "0o600"  # holds the gradebook URL
    assert plan_module.ClassPlan.load(path) == plan
    assert plan.unix_name("p01") == "jupyter-p01" and plan.grader_group == "jupyter-penilai"

    learner = plan_module.server_environment(plan, "p01")
    grader = plan_module.server_environment(plan, "pak-arif")
    assert learner["JUPYTER_CONFIG_PATH"] == str(tmp_path / "peran" / "peserta")
    assert grader["JUPYTER_CONFIG_PATH"] == str(tmp_path / "peran" / "pelatih")
    assert learner["JUPYTER_CONFIG_DIR"] == str(plan.home("p01") / ".jupyter")
    assert learner["PYTHONPATH"] == grader["PYTHONPATH"] == str(tmp_path / "pustaka")
    assert learner["KEMITRAAN_EXCHANGE"] == str(plan.exchange)
    assert learner["PATH"].split(os.pathsep)[0] == str(Path(plan.python).parent)
    # only graders learn where the course and the gradebook are
    assert "KEMITRAAN_GRADEBOOK_URL_FILE" not in learner and "KEMITRAAN_KURSUS" not in learner
    assert grader["KEMITRAAN_GRADEBOOK_URL_FILE"] == str(tmp_path / "buku-nilai.url")
    assert plan.gradebook_url not in grader.values()
    # practice mode: no exchange, no gradebook for anyone
    practice = _plan(tmp_path, graded=False)
    assert "KEMITRAAN_EXCHANGE" not in plan_module.server_environment(practice, "p01")
    assert "KEMITRAAN_GRADEBOOK_URL_FILE" not in plan_module.server_environment(
        practice, "pak-arif")


def _siapkan_lab():
    sys.path.insert(0, str(plan_module.ROOT))
    try:
        from tools import siapkan_lab
    finally:
        sys.path.remove(str(plan_module.ROOT))
    return siapkan_lab


def test_role_folders_are_built_from_siapkan_lab_and_practice_mode_turns_grading_off(tmp_path):
    """One source of truth: the course's settings come from tools/siapkan_lab.py."""
    from kemitraan_kelas.layout import install_roles

    siapkan = _siapkan_lab()
    for graded in (True, False):
        plan = _plan(tmp_path / str(graded), graded=graded)
        install_roles(plan)
        for role in ("peserta", "pelatih"):
            copy = plan.roles_dir / role
            for dest in copy.rglob("*"):
                mode = dest.stat().st_mode & 0o777
                assert mode == (0o755 if dest.is_dir() else 0o644), dest
            assert (copy / "nbgrader_config.py").read_bytes() == (
                DEPLOY / role / "nbgrader_config.py").read_bytes()
            cfg = json.loads((copy / "jupyter_server_config.json").read_text("utf-8"))
            assert cfg["ServerApp"]["contents_manager_class"] == siapkan.CONTENTS_MANAGER
            exts = cfg["ServerApp"]["jpserver_extensions"]
            settings = copy / "lab" / "user-settings"
            wanted = dict(siapkan.USER_SETTINGS)
            wanted.update(siapkan.LEARNER_SETTINGS if role == "peserta"
                          else siapkan.TRAINER_SETTINGS)
            for rel, data in wanted.items():
                assert json.loads((settings / rel).read_text("utf-8")) == data, rel
            page_file = copy / "labconfig" / "page_config.json"
            page = json.loads(page_file.read_text("utf-8")) if page_file.exists() else {}
            disabled = page.get("disabledExtensions", {})
            if role == "peserta":
                assert set(siapkan.LEARNER_HIDE_GLOBS) <= set(
                    cfg["ContentsManager"]["hide_globs"])
                assert cfg["ServerApp"]["terminals_enabled"] is False
                assert exts["jupyter_lsp"] is False
                for name in (*siapkan.INSTRUCTOR_PLUGINS, *siapkan.LEARNER_HIDDEN_PLUGINS):
                    assert disabled.get(name) is True, name
                for name in siapkan.SELF_STUDY_HIDDEN_PLUGINS:  # fetch/submit on the hub
                    assert name not in disabled, name
            else:
                assert "ContentsManager" not in cfg
                assert not any(n.startswith("@jupyterlab/") for n in disabled)
            if graded:
                assert exts["nbgrader.server_extensions.assignment_list"] is True
                assert exts["nbgrader.server_extensions.validate_assignment"] is True
                assert exts["nbgrader.server_extensions.formgrader"] is (role == "pelatih")
                assert exts["nbgrader.server_extensions.course_list"] is (role == "pelatih")
            else:
                assert not any(v for k, v in exts.items() if k.startswith("nbgrader."))
                assert disabled["@jupyter/nbgrader"] is True
    # a second install replaces the copies (nothing stale is left beside them)
    install_roles(plan)
    assert sorted(p.name for p in plan.roles_dir.parent.iterdir() if "peran" in p.name) == [
        "peran"]


def test_server_prepares_the_home_without_overwriting_anything(tmp_path):
    from kemitraan_kelas.layout import build_role, material_version
    from kemitraan_kelas.server import VERSION_FILE, prepare_home, update_course

    plan = _plan(tmp_path)
    build_role("peserta", tmp_path / "peran" / "peserta")
    library = tmp_path / "pustaka"
    (library / "modules").mkdir(parents=True)
    (library / "modules" / "00-mulai.ipynb").write_text("{}\n", encoding="utf-8")
    (library / "modules" / "01-hakikat.ipynb").write_text('{"v": 1}\n', encoding="utf-8")

    def new_version():
        (library / VERSION_FILE).write_text(material_version(library), encoding="utf-8")

    new_version()
    home = plan.home("p01")
    env = {**plan_module.server_environment(plan, "p01"), "HOME": str(home)}
    mine = home / ".jupyter" / "lab" / "user-settings" / "@jupyterlab" / (
        "translation-extension/plugin.jupyterlab-settings")
    mine.parent.mkdir(parents=True)
    mine.write_text('{"locale": "en"}', encoding="utf-8")  # the participant's own choice
    prepare_home(env)
    assert mine.read_text(encoding="utf-8") == '{"locale": "en"}'
    news = mine.parents[1] / "apputils-extension" / "notification.jupyterlab-settings"
    assert news.exists()
    tracker = mine.parents[1] / "notebook-extension" / "tracker.jupyterlab-settings"
    assert json.loads(tracker.read_text(encoding="utf-8")) == {"kernelShutdown": True}
    copy = home / "kursus" / "modules" / "00-mulai.ipynb"
    assert copy.read_text(encoding="utf-8") == "{}\n"
    copy.write_text('{"punya": "p01"}\n', encoding="utf-8")
    (copy.parent / "catatan.txt").write_text("milik p01", encoding="utf-8")
    prepare_home(env)  # at the next start the participant's copy is kept
    assert copy.read_text(encoding="utf-8") == '{"punya": "p01"}\n'
    assert update_course(home, library) == "sama"  # same version: nothing runs
    # the course changes: the update arrives, the participant's edit and file stay
    (library / "modules" / "01-hakikat.ipynb").write_text('{"v": 2}\n', encoding="utf-8")
    (library / "modules" / "00-mulai.ipynb").write_text("{}\n\n", encoding="utf-8")
    (library / "data").mkdir()
    (library / "data" / "kasus.csv").write_text("a,b\n", encoding="utf-8")
    new_version()
    prepare_home(env)
    assert (copy.parent / "01-hakikat.ipynb").read_text(encoding="utf-8") == '{"v": 2}\n'
    assert (home / "kursus" / "data" / "kasus.csv").read_text(encoding="utf-8") == "a,b\n"
    assert copy.read_text(encoding="utf-8").startswith('{"punya": "p01"}')
    assert (copy.parent / "catatan.txt").read_text(encoding="utf-8") == "milik p01"
    assert update_course(home, library) == "sama"
    # a plain copy from before the updates (no .git) is left exactly as it is
    old_home = tmp_path / "lama"
    (old_home / "kursus" / "modules").mkdir(parents=True)
    (old_home / "kursus" / "modules" / "00-mulai.ipynb").write_text("lama", encoding="utf-8")
    assert update_course(old_home, library, say=lambda _m: None) == "salinan-lama"
    assert (old_home / "kursus" / "modules" / "00-mulai.ipynb").read_text() == "lama"
    assert (old_home / "kursus" / "data" / "kasus.csv").exists()  # missing folder added


def test_start_queue_is_first_come_first_served():
    import asyncio

    from kemitraan_kelas.spawner import StartQueue

    async def scenario():
        queue, order = StartQueue(1), []
        first, second, gone, third = (object() for _ in range(4))

        async def start(key):
            await queue.enter(key)
            order.append(key)

        await queue.enter(first)
        tasks = {k: asyncio.create_task(start(k)) for k in (second, gone, third)}
        await asyncio.sleep(0)
        assert [queue.position(k) for k in (first, second, gone, third)] == [0, 1, 2, 3]
        tasks[gone].cancel()  # someone closed the waiting page: they leave the line
        await asyncio.sleep(0)
        assert queue.position(gone) is None and queue.position(third) == 2
        queue.leave(first)
        await asyncio.sleep(0)
        assert order == [second] and queue.position(third) == 1
        queue.leave(second)
        await tasks[third]
        assert order == [second, third] and queue.position(third) == 0

    asyncio.run(scenario())


@needs_root
def test_course_folder_for_graders_only_never_follows_a_link(tmp_path):
    import grp

    from kemitraan_kelas.layout import share_with_group

    gid = grp.getgrnam("users").gr_gid
    outside = tmp_path / "di-luar.txt"
    outside.write_text("x", encoding="utf-8")
    os.chmod(outside, 0o644)
    course = tmp_path / "kursus"
    (course / "solutions" / "t1").mkdir(parents=True)
    (course / "solutions" / "t1" / "t1.ipynb").write_text("{}", encoding="utf-8")
    (course / "tautan").symlink_to(outside)
    share_with_group(course, gid)
    for path in (course, course / "solutions", course / "solutions" / "t1"):
        st = path.stat()
        assert (st.st_gid, st.st_mode & 0o7777) == (gid, 0o2770), path
    st = (course / "solutions" / "t1" / "t1.ipynb").stat()
    assert (st.st_gid, st.st_mode & 0o777) == (gid, 0o660)
    st = outside.stat()  # the link's target is untouched
    assert (st.st_gid, st.st_mode & 0o777) == (0, 0o644)


def test_deploy_module_examples():
    """The examples in the class server's docstrings hold (deploy/ is outside testpaths)."""
    import doctest

    from kemitraan_kelas import cli

    attempted = 0
    for module in (plan_module, cli):
        result = doctest.testmod(module)
        assert result.failed == 0
        attempted += result.attempted
    assert attempted >= 4
