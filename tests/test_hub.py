"""A whole class on one JupyterHub (deploy/jupyterhub), tested for real on loopback.

``make kelas`` (deploy/jupyterhub/kelas.py) is started as a subprocess with a real
JupyterHub, a real proxy and real single-user servers on free 127.0.0.1 ports;
nbgrader's exchange carries the assignment. Everything is stopped by process id
when the test class ends, also after a failure (see hub_support.KelasRunner).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import requests
from hub_support import (
    ASSIGNMENT,
    CLASS_PASSWORD,
    GRADER_PASSWORD,
    KELAS,
    KelasRunner,
    UserServer,
    build_course,
    code_points,
    course_source,
    fill_answers,
    kelas_module,
    local_postgres,
    write_participants,
    written_code_points,
)

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

PARTICIPANTS = ["ani", "budi"]
TRAINER = "pelatih"


def _workdir(prefix: str) -> Path:
    """A temp folder every Unix user can traverse (PostgreSQL runs as 'postgres' under root)."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    os.chmod(path, 0o711)
    return path


def _source_notebook() -> dict:
    path = course_source() / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    if not path.is_file():
        pytest.fail(f"Tugas nyata {path} tidak ada: uji kelas memerlukan tugas kursus.")
    return json.loads(path.read_text(encoding="utf-8"))


def _deploy_files() -> list[str]:
    return sorted(str(p) for p in kelas_module.HERE.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts)


def _sources(nb: dict) -> list[str]:
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in nb["cells"]]


@pytest.fixture(scope="class")
def kelas():
    """kelas.py with one trainer and two participants; all three servers started."""
    work = _workdir("kemitraan-hub-uji-")
    runner = KelasRunner(work, build_course(work / "kursus"), PARTICIPANTS, [TRAINER])
    deploy_before = _deploy_files()
    try:
        runner.start()
        runner.ready_times = runner.start_servers([*PARTICIPANTS, TRAINER])
        yield runner
    finally:
        killed = runner.stop()
        left = runner._strays()
        shutil.rmtree(work, ignore_errors=True)
        assert not left, f"processes left after teardown: {[p.pid for p in left]}"
        # kelas.py stops the hub, which stops proxy and servers: nothing needs SIGKILL.
        assert not killed, f"had to SIGKILL {killed}\n"
        # servers wrote nothing into the project's deploy folder (their config is a copy)
        assert _deploy_files() == deploy_before


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

    def test_release_fetch_submit_collect_autograde(self, kelas):
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

        # each submission is filed under the participant's own id
        inbound = sorted(p.name.split("+")[0]
                         for p in (plan.exchange / course_id / "inbound").iterdir())
        assert inbound == ["ani", "budi"]

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

        # the formgrader lists both, each with their own score
        subs = {s["student"]: s for s in trainer.formgrader("GET", f"submissions/{ASSIGNMENT}")}
        assert set(subs) == {"ani", "budi"}
        assert all(s["autograded"] for s in subs.values())
        # written answers are code cells too (graded by hand, not yet): in the maximum only
        assert subs["ani"]["max_code_score"] == pytest.approx(full + written_code_points(source))
        assert subs["ani"]["code_score"] == pytest.approx(full)
        assert subs["budi"]["code_score"] == pytest.approx(0)
        students = {s["id"] for s in trainer.formgrader("GET", "students")}
        assert {"ani", "budi"} <= students

    def test_participant_cannot_open_another_participants_server(self, kelas):
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

    def test_participants_do_not_get_instructor_tools(self, kelas):
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

    def test_participant_lands_on_own_copy_of_the_course(self, kelas):
        landing = kelas_module.ROOT / "modules" / "00-mulai.ipynb"
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
        assert (kelas.plan.home("budi") / "kursus" / "modules" / "catatan-budi.txt").exists()
        assert not (kelas_module.ROOT / "modules" / "catatan-budi.txt").exists()
        assert landing.read_bytes() == before


@pytest.fixture(scope="class")
def dua_penilai():
    """kelas.py with two graders: it starts its own PostgreSQL for the gradebook."""
    try:
        local_postgres.find_postgres_bin()
    except local_postgres.PostgresError as exc:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"PostgreSQL is not installed here ({exc})")
    work = _workdir("kemitraan-hub-pg-")
    runner = KelasRunner(work, build_course(work / "kursus"), PARTICIPANTS,
                         ["pelatih-a", "pelatih-b"])
    try:
        runner.start()
        yield runner
    finally:
        runner.stop()
        left = runner._strays()
        shutil.rmtree(work, ignore_errors=True)
        assert not left, f"processes left after teardown: {[p.pid for p in left]}"


class TestDuaPenilaiPostgreSQL:
    def test_two_graders_autograde_at_once_on_postgresql(self, dua_penilai):
        from nbgrader.api import Gradebook

        plan = dua_penilai.plan
        assert plan.gradebook_url.startswith("postgresql+psycopg2://")
        assert plan.postgres["pid"] > 0
        # the graders' servers get exactly this URL
        for grader in plan.graders:
            env = kelas_module.server_environment(plan, grader)
            assert env["KEMITRAAN_GRADEBOOK_URL"] == plan.gradebook_url
        assert "KEMITRAAN_GRADEBOOK_URL" not in kelas_module.server_environment(plan, "ani")

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

        # grader A grades Ani while grader B grades Budi: two processes at the same time
        procs = {}
        for grader, student in zip(plan.graders, PARTICIPANTS, strict=True):
            procs[student] = subprocess.Popen(
                [sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT,
                 "--student", student, "--force"],
                cwd=plan.course_root,  # where a trainer's terminal opens
                env=kelas_module.grader_command_env(plan, grader),
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            )
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
                       env={kelas_module.ENV_PASSWORD: CLASS_PASSWORD})
        assert ok.returncode == 0, ok.stderr
        assert "2 peserta" in ok.stdout and "SQLite" in ok.stdout
        two = self._run(tmp_path, "--peserta", str(good), "--pelatih", "pak-arif,bu-dewi",
                        "--periksa", env={kelas_module.ENV_PASSWORD: CLASS_PASSWORD})
        assert two.returncode == 0 and "PostgreSQL" in two.stdout

        bad = tmp_path / "salah.csv"
        bad.write_text("id;nama_depan\np01;Siti\nSiti Nur;Siti\n", encoding="utf-8")
        r = self._run(tmp_path, "--peserta", str(bad), "--pelatih", "pak-arif", "--periksa",
                      env={kelas_module.ENV_PASSWORD: CLASS_PASSWORD})
        assert r.returncode == 2
        assert "baris 3" in r.stderr and "'Siti Nur'" in r.stderr

        r = self._run(tmp_path, "--peserta", str(good), "--pelatih", "a,b,c", "--periksa",
                      env={kelas_module.ENV_PASSWORD: CLASS_PASSWORD})
        assert r.returncode == 2 and "1 atau 2" in r.stderr

        r = self._run(tmp_path, "--peserta", str(good), "--pelatih", "p01", "--periksa",
                      env={kelas_module.ENV_PASSWORD: CLASS_PASSWORD})
        assert r.returncode == 2 and "'p01' ada di daftar peserta" in r.stderr

        r = self._run(tmp_path, "--peserta", str(good), "--pelatih", "pak-arif", "--periksa",
                      env={kelas_module.ENV_PASSWORD: "pendek"})
        assert r.returncode == 2 and "minimal 8 karakter" in r.stderr

        r = self._run(tmp_path, "--peserta", str(tmp_path / "tidak-ada.csv"),
                      "--pelatih", "pak-arif", "--periksa",
                      env={kelas_module.ENV_PASSWORD: CLASS_PASSWORD})
        assert r.returncode == 2 and "tidak-ada.csv" in r.stderr

    def test_refuses_a_port_in_use_and_leaves_no_folder(self, tmp_path):
        import socket

        good = write_participants(tmp_path / "peserta.csv", ["p01"])
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            s.listen()
            port = s.getsockname()[1]
            r = self._run(tmp_path, "--peserta", str(good), "--pelatih", "pak-arif",
                          "--ip", "127.0.0.1", "--port", str(port),
                          "--folder-data", str(tmp_path / "kelas"),
                          env={kelas_module.ENV_PASSWORD: CLASS_PASSWORD,
                               kelas_module.ENV_GRADER_PASSWORD: GRADER_PASSWORD})
        assert r.returncode == 2
        assert f"Port {port} sedang dipakai" in r.stderr
        assert not (tmp_path / "kelas").exists()
        r = self._run(tmp_path, "--peserta", str(good), "--pelatih", "pak-arif",
                      "--ip", "300.1.2.3", "--folder-data", str(tmp_path / "kelas"),
                      env={kelas_module.ENV_PASSWORD: CLASS_PASSWORD})
        assert r.returncode == 2 and "'300.1.2.3' tidak sah" in r.stderr
        assert not (tmp_path / "kelas").exists()


def test_plan_round_trip_and_role_config_copies():
    """The plan JSON round-trips (jupyterhub_config.py reads what kelas.py writes)."""
    plan = kelas_module.ClassPlan(course_root="/x", course_id="kemitraan", data_dir="/d",
                                  participants=[{"id": "p01", "first_name": "A",
                                                 "last_name": "", "email": ""}],
                                  graders=["pak-arif"], port=8123)
    with tempfile.TemporaryDirectory() as tmp:
        plan.data_dir = tmp
        path = plan.save()
        assert oct(path.stat().st_mode & 0o777) == "0o600"  # holds the gradebook URL
        again = kelas_module.ClassPlan.load(path)
        assert again == plan
        # each user's JUPYTER_CONFIG_DIR is a copy of their role's folder, in their home
        for user, role in (("p01", "peserta"), ("pak-arif", "pelatih")):
            config_dir = Path(kelas_module.server_environment(plan, user)["JUPYTER_CONFIG_DIR"])
            assert config_dir == plan.home(user) / ".jupyter"
            kelas_module.install_role_config(plan, user)
            role_dir = kelas_module.HERE / role
            assert ((config_dir / "nbgrader_config.py").read_text(encoding="utf-8")
                    == (role_dir / "nbgrader_config.py").read_text(encoding="utf-8"))
            assert (config_dir / "labconfig" / "page_config.json").exists() == (
                role == "peserta")
        # a participant who becomes a grader loses the participant-only files
        plan.graders = ["pak-arif", "p01"]
        kelas_module.install_role_config(plan, "p01")
        assert not (plan.home("p01") / ".jupyter" / "labconfig" / "page_config.json").exists()


def test_deploy_module_examples():
    """The examples in kelas.py's docstrings hold (deploy/ is outside pytest's testpaths)."""
    import doctest

    result = doctest.testmod(kelas_module)
    assert result.attempted >= 2 and result.failed == 0
