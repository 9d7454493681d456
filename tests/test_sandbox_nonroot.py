"""The sandbox when the grader is NOT root (a grader's own account on the class server).

As root this test creates a throw-away Unix user (``useradd``, removed with
``userdel -r`` at the end), a course folder that user owns, and a Python venv
that every user can run (Debian's ``/usr/bin/python3``; pyenv's Python under
``/root`` cannot be run by other users). The venv is cached under ``/var/tmp``
and reused while ``pyproject.toml`` is unchanged. Then, as that user, the real
``nbgrader autograde`` grades a correct submission and hostile ones: bubblewrap
runs unprivileged (a user namespace), the limits hold (the process limit too,
which root does not obey), nothing of the course is visible, and nothing is left.
"""

from __future__ import annotations

import hashlib
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import attack_support as at
import grading_support as gs
import pytest

USER = "kmt-penilai-uji"
PACKAGES = ["nbgrader", "ipykernel", "pandas", "networkx", "matplotlib", "openpyxl",
            "filelock", "python-docx"]

pytestmark = [pytest.mark.slow, pytest.mark.timeout(2400)]


def _userns_ok() -> bool:
    try:
        return int(Path("/proc/sys/user/max_user_namespaces").read_text()) > 0
    except (OSError, ValueError):
        return False


def _skip_reason() -> str | None:
    if os.geteuid() != 0:
        return "perlu root untuk membuat pengguna uji (useradd)"
    if shutil.which("bwrap") is None:
        return "bubblewrap tidak terpasang"
    if not Path("/usr/bin/python3").exists():
        return "/usr/bin/python3 (Debian) tidak ada"
    if not _userns_ok():
        return "user namespace untuk pengguna biasa tidak aktif (user.max_user_namespaces=0)"
    return None


def _shared_venv() -> Path:
    """A venv from /usr/bin/python3 with the course package, readable by every user."""
    digest = hashlib.sha256((gs.ROOT / "pyproject.toml").read_bytes()
                            + " ".join(PACKAGES).encode()).hexdigest()[:12]
    venv = Path("/var/tmp") / f"kemitraan-uji-penilai-{digest}"
    done = venv / ".siap"
    if done.exists():
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "--no-deps",
                        "--force-reinstall", str(_package_copy())], check=True,
                       capture_output=True)
        return venv
    for old in Path("/var/tmp").glob("kemitraan-uji-penilai-*"):  # earlier versions
        shutil.rmtree(old, ignore_errors=True)
    subprocess.run(["/usr/bin/python3", "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "pip"), "install", "--quiet"]
    subprocess.run(pip + PACKAGES, check=True, capture_output=True)
    subprocess.run(pip + ["--no-deps", str(_package_copy())], check=True, capture_output=True)
    subprocess.run(["chmod", "-R", "a+rX", str(venv)], check=True)
    done.write_text("ok\n")
    return venv


def _package_copy() -> Path:
    """The project's package files in a temporary folder (the build writes there)."""
    tmp = Path(tempfile.mkdtemp(prefix="kemitraan-paket-"))
    for item in ("pyproject.toml", "README.md"):
        shutil.copy2(gs.ROOT / item, tmp / item)
    shutil.copytree(gs.ROOT / "kemitraan_lib", tmp / "kemitraan_lib",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return tmp


def _as_user(cmd: list[str], cwd: Path, venv: Path, data: Path, timeout: float = 1200):
    env = {"PATH": f"{venv}/bin:/usr/bin:/bin", "HOME": str(cwd.parent), "LANG": "C.UTF-8",
           "KEMITRAAN_DATA": str(data), at.MARKER_ENV: os.environ[at.MARKER_ENV]}
    return subprocess.run(["runuser", "-u", USER, "--", "env", "-i",
                           *[f"{k}={v}" for k, v in env.items()], *cmd],
                          cwd=cwd, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def nonroot(tmp_path_factory):
    reason = _skip_reason()
    if reason:
        if os.environ.get("CI") == "true" and os.geteuid() == 0:
            pytest.fail(reason)
        pytest.skip(reason)
    venv = _shared_venv()
    subprocess.run(["userdel", "-r", USER], capture_output=True)
    subprocess.run(["useradd", "-m", "-s", "/bin/bash", USER], check=True)
    base = Path(tempfile.mkdtemp(prefix="kemitraan-penilai-", dir="/var/tmp"))
    try:
        yield _scenario(base, venv)
    finally:
        try:
            uid = pwd.getpwnam(USER).pw_uid
        except KeyError:
            uid = None
        for pid in os.listdir("/proc"):  # only the throw-away user's own processes, by id
            if uid is not None and pid.isdigit() and _owner(pid) == uid:
                try:
                    os.kill(int(pid), 9)
                except OSError:
                    pass
        subprocess.run(["userdel", "-r", USER], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def _scenario(base: Path, venv: Path) -> dict:
    name = gs.assignments()[0]
    course = gs.make_course(base / "kursus", [name])
    data = base / "data"
    shutil.copytree(gs.ROOT / "data", data)
    secret = base / "rahasia-root.txt"
    secret.write_text("rahasia root\n")
    os.chmod(secret, 0o600)
    subprocess.run(["chown", "-R", f"{USER}:{USER}", str(course), str(data)], check=True)
    os.chmod(base, 0o755)
    nbgrader = str(venv / "bin" / "nbgrader")
    res = _as_user([nbgrader, "generate_assignment", name], course, venv, data)
    assert res.returncode == 0, res.stdout + res.stderr
    src = gs.read_nb(gs.source_path(course, name))
    rel = gs.read_nb(gs.release_path(course, name))
    marker = "kemitraan-nonroot-" + os.urandom(4).hex()
    gs.submit(course, "benar", name, gs.fill(rel, src))
    gs.submit(course, "serang", name, at.with_attack(rel, src, at.attack(f"""
        import glob, os, socket, subprocess, sys, time
        hasil['uid'] = os.getuid()
        hasil['kursus'] = glob.glob({str(course)!r} + '/**/*.ipynb', recursive=True)
        hasil['buku'] = os.path.exists({str(course)!r} + '/gradebook.db')
        hasil['rumah'] = os.path.exists('/home/{USER}')
        try:
            socket.create_connection(('127.0.0.1', 22), timeout=3)
            hasil['jaringan'] = 'terhubung'
        except OSError as e:
            hasil['jaringan'] = str(e)
        anak = 0
        try:
            for _ in range(500):
                if os.fork() == 0:
                    time.sleep(60)
                    os._exit(0)
                anak += 1
        except OSError as e:
            hasil['fork'] = str(e)
        hasil['anak'] = anak
        subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(90)', {marker!r}],
                         start_new_session=True)
    """)))
    subprocess.run(["chown", "-R", f"{USER}:{USER}", str(course)], check=True)
    res = _as_user([nbgrader, "autograde", name], course, venv, data)
    uid = pwd.getpwnam(USER).pw_uid
    # A zombie has exited and runs nothing; once nbgrader has exited it waits for this
    # machine's init to reap it, which may take a while.
    left = [f"{p} {_describe(p)}" for p in os.listdir("/proc")
            if p.isdigit() and _owner(p) == uid and not _describe(p).startswith("[Z")]
    return {"course": course, "name": name, "src": src, "log": res, "marker": marker,
            "left": left, "uid": uid}


def _describe(pid: str) -> str:
    """State and command line of a process, for the failure message."""
    try:
        state = next(line for line in open(f"/proc/{pid}/status", encoding="utf-8")
                     if line.startswith("State:")).split(":", 1)[1].strip()
        cmd = open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode(
            "utf-8", "replace")[:200]
    except (OSError, StopIteration):
        return "(gone)"
    return f"[{state}] {cmd}"


def _owner(pid: str) -> int | None:
    try:
        return os.stat(f"/proc/{pid}").st_uid
    except OSError:
        return None


def _graded(run, student):
    return gs.read_nb(run["course"] / "autograded" / student / run["name"]
                      / f"{run['name']}.ipynb")


def test_non_root_grader_scores_a_correct_submission(nonroot):
    assert nonroot["log"].returncode == 0, nonroot["log"].stdout + nonroot["log"].stderr
    scores = gs.gradebook_scores(nonroot["course"], nonroot["name"])
    assert scores["benar"]["code_score"] == pytest.approx(gs.points(nonroot["src"])[0])


def test_non_root_sandbox_hides_the_course_and_blocks_the_network(nonroot):
    got = at.result_of(_graded(nonroot, "serang"))
    assert got["kursus"] == [] and got["buku"] is False and got["rumah"] is False, got
    assert got["jaringan"] != "terhubung"
    assert got["uid"] == nonroot["uid"]  # the grader's own id, inside a user namespace


def test_non_root_process_limit_holds_and_nothing_is_left(nonroot):
    got = at.result_of(_graded(nonroot, "serang"))
    assert got["anak"] < 64 and "fork" in got, got
    flags = _graded(nonroot, "serang").metadata["kemitraan"]["flags"]
    assert any("jumlah proses" in f for f in flags), flags
    assert nonroot["left"] == [], "a process of the grader's user outlived grading"
    assert at.processes_with(nonroot["marker"]) == []
    scores = gs.gradebook_scores(nonroot["course"], nonroot["name"])
    assert scores["serang"]["code_score"] == pytest.approx(gs.points(nonroot["src"])[0])
