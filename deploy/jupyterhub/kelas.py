"""Start a whole class on one JupyterHub: ``make kelas``.

Reads the participant list (the same CSV the trainer imports into nbgrader:
columns ``id, nama_depan, nama_belakang, email``, separated by ``,`` or ``;``),
the shared class password (env ``KEMITRAAN_KELAS_SANDI`` or a prompt), one or
two graders (``--pelatih``), prepares the class folder (nbgrader exchange, a
home per participant with a copy of the course, the gradebook: SQLite for one
grader, PostgreSQL for two), starts JupyterHub with its proxy and prints the
address participants open. Ctrl+C stops everything it started.

Example::

    python deploy/jupyterhub/kelas.py --peserta peserta.csv --pelatih pak-arif --port 8000

The same module holds the pieces ``jupyterhub_config.py`` and the tests use:
``ClassPlan`` (everything the hub needs, saved as JSON in the class folder) and
``server_environment`` (what each single-user server gets, by role).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from local_postgres import LocalPostgres, PostgresError, free_port  # noqa: E402

__all__ = [
    "KelasError", "ClassPlan", "read_participants", "check_user_id",
    "server_environment", "server_role", "prepare_class", "start_hub", "stop_process_tree",
    "kill_recorded", "install_role_config",
    "main",
]

ENV_PASSWORD = "KEMITRAAN_KELAS_SANDI"
ENV_GRADER_PASSWORD = "KEMITRAAN_PELATIH_SANDI"
ENV_SERVICE_TOKEN = "KEMITRAAN_KELAS_TOKEN_LAYANAN"
ENV_PLAN = "KEMITRAAN_KELAS_RENCANA"
PLAN_FILE = "rencana-kelas.json"
MIN_PASSWORD = 8
MIN_GRADER_PASSWORD = 32  # JupyterHub's SharedPasswordAuthenticator rule for admins
COURSE_COPY = ("modules", "apps", "data")


class KelasError(ValueError):
    """A problem the trainer can fix; str(e) is Indonesian and names the bad value."""


def check_user_id(value: str, where: str) -> str:
    """Return ``value`` if it is usable as a JupyterHub user name and nbgrader student id.

    The rule is the participant list's (kemitraan_lib.grading.participants.ID_PATTERN).

    >>> check_user_id("pak-arif", "nama pelatih")
    'pak-arif'
    """
    from kemitraan_lib.grading.participants import ID_PATTERN

    if not ID_PATTERN.match(value or ""):
        raise KelasError(
            f"ID '{value}' ({where}) tidak bisa dipakai sebagai nama pengguna. Pakai huruf "
            "kecil a-z, angka 0-9, titik atau tanda minus, diawali huruf atau angka, tanpa "
            "spasi dan garis bawah (contoh: pak-arif, p01)."
        )
    return value


def read_participants(path) -> tuple:
    """The checked participant list (the trainer's CSV; see grading/participants.py)."""
    from kemitraan_lib.errors import KemitraanError
    from kemitraan_lib.grading.participants import read_participants as read_csv

    try:
        return tuple(read_csv(path))
    except KemitraanError as exc:
        raise KelasError(f"Daftar peserta: {exc}") from exc


def check_graders(graders, participants) -> tuple[str, ...]:
    """One or two grader ids, none of them also a participant."""
    graders = [g.strip() for item in graders for g in item.split(",") if g.strip()]
    if not 1 <= len(graders) <= 2:
        raise KelasError(
            f"Jumlah pelatih/penilai harus 1 atau 2; yang diberikan {len(graders)}"
            f" ({', '.join(graders) or 'tidak ada'}). Contoh: --pelatih pak-arif "
            "atau --pelatih pak-arif,bu-dewi"
        )
    if len(set(graders)) != len(graders):
        raise KelasError(f"Nama pelatih '{graders[0]}' disebut dua kali.")
    ids = {p.id for p in participants}
    for g in graders:
        check_user_id(g, "nama pelatih")
        if g in ids:
            raise KelasError(
                f"'{g}' ada di daftar peserta dan juga sebagai pelatih. Pelatih memakai nama "
                "pengguna sendiri yang tidak ada di daftar peserta."
            )
    return tuple(graders)


# -- the plan -----------------------------------------------------------------------------------
@dataclass
class ClassPlan:
    """Everything the hub and the servers need; saved as JSON in the class folder."""

    course_root: str
    course_id: str
    data_dir: str
    participants: list[dict]
    graders: list[str]
    ip: str = "0.0.0.0"
    port: int = 8000
    hub_port: int = 0
    proxy_api_port: int = 0
    gradebook_url: str = ""
    source_directory: str = "source"
    release_directory: str = "release"
    repo_root: str = str(ROOT)
    postgres: dict = field(default_factory=dict)

    @property
    def exchange(self) -> Path:
        return Path(self.data_dir) / "exchange"

    @property
    def homes(self) -> Path:
        return Path(self.data_dir) / "rumah"

    @property
    def hub_dir(self) -> Path:
        return Path(self.data_dir) / "hub"

    @property
    def participant_ids(self) -> list[str]:
        return [p["id"] for p in self.participants]

    def home(self, username: str) -> Path:
        return self.homes / username

    def save(self) -> Path:
        path = Path(self.data_dir) / PLAN_FILE
        _atomic_write(path, json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n")
        return path

    @classmethod
    def load(cls, path) -> ClassPlan:
        return cls(**json.loads(Path(path).read_text(encoding="utf-8")))


def _atomic_write(path: Path, text: str, mode: int = 0o600) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_course_config(course_root: Path) -> dict:
    """course_id, source and release folder names from the course's nbgrader_config.py."""
    from traitlets.config.loader import PyFileConfigLoader

    cfg_file = course_root / "nbgrader_config.py"
    if not cfg_file.is_file():
        raise KelasError(
            f"Folder kursus '{course_root}' tidak berisi nbgrader_config.py. Pakai folder "
            "proyek kursus (tempat nbgrader_config.py berada) di --folder-kursus."
        )
    cwd = os.getcwd()
    try:
        os.chdir(course_root)
        cfg = PyFileConfigLoader("nbgrader_config.py", path=str(course_root)).load_config()
    finally:
        os.chdir(cwd)
    cd = cfg.CourseDirectory
    course_id = cd.course_id if "course_id" in cd else ""
    if not course_id:
        raise KelasError(
            f"{cfg_file} tidak menetapkan c.CourseDirectory.course_id (misalnya 'kemitraan')."
        )
    return {
        "course_id": course_id,
        "source_directory": cd.source_directory if "source_directory" in cd else "source",
        "release_directory": cd.release_directory if "release_directory" in cd else "release",
    }


def assignments_in(plan: ClassPlan) -> list[str]:
    """Assignment folders in the course's source directory (those holding a notebook)."""
    source = Path(plan.course_root) / plan.source_directory
    return sorted(
        d.name for d in source.iterdir() if d.is_dir() and any(d.glob("*.ipynb"))
    ) if source.is_dir() else []


# -- roles --------------------------------------------------------------------------------------
def server_role(plan: ClassPlan, username: str) -> str:
    """'pelatih' (grader: formgrader, course folder) or 'peserta' (participant)."""
    return "pelatih" if username in plan.graders else "peserta"


def _role_files(role: str) -> set[str]:
    folder = HERE / role
    return {str(p.relative_to(folder)) for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


def install_role_config(plan: ClassPlan, username: str) -> Path:
    """Copy the role's config folder (``peserta/`` or ``pelatih/``) to ``<home>/.jupyter``.

    That copy is the server's JUPYTER_CONFIG_DIR: what Jupyter writes there at run
    time (e.g. ``migrated``, lab settings) stays in the user's own home. Our
    files are refreshed at every start; files of the other role are removed.
    """
    role = server_role(plan, username)
    target = plan.home(username) / ".jupyter"
    ours = _role_files(role)
    for rel in _role_files("pelatih") | _role_files("peserta"):
        dest = target / rel
        if rel in ours:
            dest.parent.mkdir(parents=True, exist_ok=True)
            _atomic_write(dest, (HERE / role / rel).read_text(encoding="utf-8"), mode=0o644)
        elif dest.exists():
            dest.unlink()
    return target


def server_environment(plan: ClassPlan, username: str) -> dict[str, str]:
    """Environment of one single-user server (also used to run nbgrader as a grader).

    JUPYTER_CONFIG_DIR is the user's copy of the role's config folder (see
    install_role_config); the rest tells those config files where the
    exchange, the course and the gradebook are.
    """
    role = server_role(plan, username)
    home = plan.home(username)
    venv_bin = str(Path(sys.executable).parent)
    path = os.environ.get("PATH", "/usr/bin:/bin")
    env = {
        "JUPYTER_CONFIG_DIR": str(home / ".jupyter"),
        "KEMITRAAN_PERAN": role,
        "KEMITRAAN_KURSUS_ID": plan.course_id,
        "KEMITRAAN_EXCHANGE": str(plan.exchange),
        "KEMITRAAN_BUKU_KERJA": str(home / "BukuKerjaKemitraan" / "buku-kerja.json"),
        "PATH": path if path.split(os.pathsep)[0] == venv_bin else venv_bin + os.pathsep + path,
    }
    if role == "pelatih":
        env["KEMITRAAN_KURSUS"] = plan.course_root
        env["KEMITRAAN_GRADEBOOK_URL"] = plan.gradebook_url
    return env


def grader_command_env(plan: ClassPlan, grader: str | None = None) -> dict[str, str]:
    """os.environ plus a grader's server environment: run nbgrader as that grader."""
    env = dict(os.environ)
    env.update(server_environment(plan, grader or plan.graders[0]))
    env["HOME"] = str(plan.home(grader or plan.graders[0]))
    return env


# -- preparing the class folder ----------------------------------------------------------------
def _venv_on_path() -> None:
    """nbgrader runs ``alembic`` from PATH when it creates a gradebook."""
    venv_bin = str(Path(sys.executable).parent)
    path = os.environ.get("PATH", "")
    if venv_bin not in path.split(os.pathsep):
        os.environ["PATH"] = venv_bin + (os.pathsep + path if path else "")


def prepare_gradebook(plan: ClassPlan, say=print) -> None:
    """Participants into the gradebook; every assignment of the source folder registered.

    Assignments missing from the gradebook are generated into a throw-away
    release folder, so the committed ``exercises/`` folder is never rewritten.
    """
    from nbgrader.api import Gradebook

    _venv_on_path()
    with Gradebook(plan.gradebook_url, plan.course_id) as gb:
        for p in plan.participants:
            gb.update_or_create_student(
                p["id"], first_name=p["first_name"], last_name=p["last_name"],
                email=p["email"] or None,
            )
        known = {a.name for a in gb.assignments}
    missing = [a for a in assignments_in(plan) if a not in known]
    if missing:
        say(f"Mendaftarkan {len(missing)} tugas ke buku nilai: {', '.join(missing)}")
        _generate_into_gradebook(plan, missing)


def _generate_into_gradebook(plan: ClassPlan, names: list[str]) -> None:
    """``nbgrader generate_assignment`` in this process, as the first grader would run it.

    Same config files as the grader's terminal (course folder as working folder,
    JUPYTER_CONFIG_DIR of the grader role); the release goes to a temp folder.
    """
    from nbgrader.apps.generateassignmentapp import GenerateAssignmentApp

    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    os.environ.update(server_environment(plan, plan.graders[0]))
    os.chdir(plan.course_root)
    try:
        with tempfile.TemporaryDirectory(prefix="kemitraan-rilis-") as tmp:
            for name in names:
                app = GenerateAssignmentApp()
                try:
                    app.initialize([name, "--force", "--log-level=WARN",
                                    f"--CourseDirectory.release_directory={tmp}"])
                    app.start()
                except SystemExit as exc:
                    if exc.code:
                        raise KelasError(
                            f"Tugas '{name}' tidak bisa didaftarkan ke buku nilai "
                            "(nbgrader generate_assignment gagal; lihat pesan di atas)."
                        ) from exc
                finally:
                    GenerateAssignmentApp.clear_instance()
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)


def prepare_homes(plan: ClassPlan) -> None:
    """Home folder per user; participants get a copy of the course (never overwritten)."""
    plan.homes.mkdir(parents=True, exist_ok=True)
    repo = Path(plan.repo_root)
    for username in plan.participant_ids + list(plan.graders):
        home = plan.home(username)
        home.mkdir(parents=True, exist_ok=True)
        install_role_config(plan, username)
        if server_role(plan, username) != "peserta":
            continue
        target = home / "kursus"
        for name in COURSE_COPY:
            src = repo / name
            if src.is_dir() and not (target / name).exists():
                shutil.copytree(src, target / name,
                                ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))


def prepare_class(plan: ClassPlan, say=print) -> Path:
    """Folders, exchange, homes, gradebook; returns the saved plan path."""
    data = Path(plan.data_dir)
    data.mkdir(parents=True, exist_ok=True)
    os.chmod(data, 0o711)
    plan.exchange.mkdir(parents=True, exist_ok=True)
    os.chmod(plan.exchange, 0o777)  # nbgrader insists on this mode for its exchange
    plan.hub_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(plan.hub_dir, 0o700)
    prepare_homes(plan)
    prepare_gradebook(plan, say)
    return plan.save()


# -- processes ----------------------------------------------------------------------------------
def _port_is_free(ip: str, port: int) -> bool:
    try:
        socket.inet_aton(ip)
    except OSError as exc:
        raise KelasError(
            f"Alamat --ip '{ip}' tidak sah. Pakai 0.0.0.0 (semua jaringan) atau alamat "
            "komputer ini, misalnya 127.0.0.1 atau 192.168.1.10."
        ) from exc
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((ip, port))
        except OSError:
            return False
    return True


def lan_address() -> str:
    """This machine's address on the room's network (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            return s.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def start_hub(plan: ClassPlan, plan_path: Path, secrets_env: dict[str, str]) -> subprocess.Popen:
    """Start JupyterHub (and through it the proxy) in its own process session."""
    env = dict(os.environ)
    env.update(secrets_env)
    env[ENV_PLAN] = str(plan_path)
    log = open(plan.hub_dir / "jupyterhub.log", "ab")  # noqa: SIM115 - owned by the child
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(HERE / "jupyterhub_config.py")],
            cwd=plan.hub_dir, env=env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
    finally:
        log.close()


def wait_for_hub(plan: ClassPlan, proc: subprocess.Popen, timeout: float = 90) -> None:
    host = "127.0.0.1" if plan.ip in ("0.0.0.0", "") else plan.ip
    url = f"http://{host}:{plan.port}/hub/health"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise KelasError(f"JupyterHub berhenti saat dinyalakan.\n{hub_log_tail(plan)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise KelasError(f"JupyterHub tidak siap dalam {timeout:.0f} detik.\n{hub_log_tail(plan)}")


def hub_log_tail(plan: ClassPlan, chars: int = 2500) -> str:
    log = plan.hub_dir / "jupyterhub.log"
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return f"Catatan terakhir ({log}):\n{text[-chars:]}"


def stop_process_tree(proc: subprocess.Popen, timeout: float = 30) -> int:
    """SIGTERM ``proc`` (JupyterHub stops its servers and proxy), then SIGKILL leftovers.

    Descendants are recorded before the signal, so servers started in their own
    process sessions are found even after the hub has gone. Leftovers are
    killed by process group (only groups led by a recorded process) and by pid.
    """
    import psutil

    try:
        tree = [psutil.Process(proc.pid), *psutil.Process(proc.pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        tree = []
    if proc.poll() is None:
        try:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout)
        except (subprocess.TimeoutExpired, ProcessLookupError):
            pass
    forced = kill_recorded(tree)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        pass
    return forced


def kill_recorded(processes) -> int:
    """SIGKILL the still-running ones of ``processes`` (psutil objects) and their groups.

    Returns how many were still running.
    """
    import psutil

    own_group = os.getpgrp()
    pids = {p.pid for p in processes}
    forced = 0
    for p in processes:
        try:
            if not p.is_running() or p.status() == psutil.STATUS_ZOMBIE:
                continue
            forced += 1
            pgid = os.getpgid(p.pid)
            if pgid != own_group and pgid in pids:
                os.killpg(pgid, signal.SIGKILL)
            p.kill()
        except (ProcessLookupError, psutil.NoSuchProcess, PermissionError):
            pass
    return forced


# -- command line -------------------------------------------------------------------------------
def _default_data_dir() -> Path:
    if os.geteuid() == 0:
        return Path("/srv/kelas-kemitraan")
    return Path.home() / "KelasKemitraan"


def _class_password(interactive: bool) -> str:
    password = os.environ.get(ENV_PASSWORD, "")
    if not password and interactive and sys.stdin.isatty():
        password = getpass.getpass("Kata sandi kelas untuk peserta (minimal 8 karakter): ")
        again = getpass.getpass("Ketik sekali lagi: ")
        if again != password:
            raise KelasError("Kedua ketikan kata sandi tidak sama. Jalankan lagi.")
    if len(password) < MIN_PASSWORD:
        raise KelasError(
            f"Kata sandi kelas harus minimal {MIN_PASSWORD} karakter; yang diberikan "
            f"{len(password)} karakter. Isi variabel {ENV_PASSWORD} atau ketik saat diminta."
        )
    return password


def _grader_password(data_dir: Path, class_password: str) -> tuple[str, bool]:
    """(password, newly generated) for graders: env, saved file, or a new random one."""
    password = os.environ.get(ENV_GRADER_PASSWORD, "")
    saved = data_dir / "sandi-pelatih.txt"
    created = False
    if not password and saved.exists():
        password = saved.read_text(encoding="utf-8").strip()
    if not password:
        password = secrets.token_urlsafe(24)
        _atomic_write(saved, password + "\n")
        created = True
    if len(password) < MIN_GRADER_PASSWORD:
        raise KelasError(
            f"Kata sandi pelatih ({ENV_GRADER_PASSWORD}) harus minimal {MIN_GRADER_PASSWORD} "
            f"karakter; yang diberikan {len(password)}. Kosongkan variabel itu agar sandi "
            "dibuat otomatis."
        )
    if password == class_password:
        raise KelasError("Kata sandi pelatih tidak boleh sama dengan kata sandi kelas.")
    return password, created


def postgres_url(url: str) -> str:
    """A PostgreSQL URL for SQLAlchemy with the installed driver (psycopg2).

    >>> postgres_url("postgresql://u:p@db.local/nilai")
    'postgresql+psycopg2://u:p@db.local/nilai'
    """
    for prefix in ("postgresql+psycopg2://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg2://" + url[len(prefix):]
    raise KelasError(
        f"--basis-data '{url.split('@')[-1]}' bukan URL PostgreSQL; contoh yang benar: "
        "postgresql://pengguna:sandi@127.0.0.1:5432/gradebook_kemitraan"
    )


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="make kelas",
        description="Jalankan satu kelas Membangun Jaringan Kemitraan di JupyterHub.",
    )
    p.add_argument("--peserta", required=True, metavar="CSV",
                   help="daftar peserta (kolom id, nama_depan, nama_belakang, email)")
    p.add_argument("--pelatih", required=True, action="append", metavar="ID",
                   help="nama pengguna pelatih/penilai; satu atau dua (pisahkan dengan koma)")
    p.add_argument("--port", type=int, default=8000, help="port untuk peserta (bawaan 8000)")
    p.add_argument("--ip", default="0.0.0.0",
                   help="alamat yang didengar (bawaan 0.0.0.0 = semua jaringan ruang kelas)")
    p.add_argument("--folder-data", type=Path, default=None,
                   help=f"folder kelas: rumah peserta, exchange, catatan "
                        f"(bawaan {_default_data_dir()})")
    p.add_argument("--folder-kursus", type=Path, default=ROOT,
                   help="folder kursus nbgrader (tempat nbgrader_config.py; bawaan folder proyek)")
    p.add_argument("--basis-data", default="",
                   help="URL PostgreSQL yang sudah ada untuk buku nilai (dua penilai); "
                        "tanpa ini PostgreSQL dijalankan sendiri di folder data")
    p.add_argument("--periksa", action="store_true",
                   help="hanya periksa daftar peserta dan pengaturan, tanpa menyalakan apa pun")
    return p


def make_plan(args, participants, graders) -> ClassPlan:
    course_root = args.folder_kursus.resolve()
    course = read_course_config(course_root)
    data_dir = (args.folder_data or _default_data_dir()).expanduser().absolute()
    if not 1 <= args.port <= 65535:
        raise KelasError(f"Port {args.port} tidak sah; pilih angka 1024 sampai 65535.")
    return ClassPlan(
        course_root=str(course_root),
        course_id=course["course_id"],
        data_dir=str(data_dir),
        participants=[asdict(p) for p in participants],
        graders=list(graders),
        ip=args.ip,
        port=args.port,
        source_directory=course["source_directory"],
        release_directory=course["release_directory"],
    )


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    postgres: LocalPostgres | None = None
    hub: subprocess.Popen | None = None

    def on_term(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)  # also when started with SIGINT ignored
    try:
        if not args.peserta.strip():
            raise KelasError(
                "Sebutkan file daftar peserta, misalnya: "
                "make kelas PESERTA=peserta.csv PELATIH=pak-arif"
            )
        participants = read_participants(args.peserta)
        graders = check_graders(args.pelatih, participants)
        plan = make_plan(args, participants, graders)
        if not args.periksa or os.environ.get(ENV_PASSWORD):
            class_password = _class_password(interactive=not args.periksa)
        if args.periksa:
            print(f"Daftar peserta baik: {len(participants)} peserta; pelatih: "
                  f"{', '.join(graders)}; kursus '{plan.course_id}' di {plan.course_root}.")
            print(f"Buku nilai: {'PostgreSQL' if len(graders) == 2 else 'SQLite'}.")
            return 0
        if not _port_is_free(args.ip, args.port):
            raise KelasError(
                f"Port {args.port} sedang dipakai program lain. Pilih port lain, misalnya "
                f"--port {args.port + 10} (atau: make kelas PORT={args.port + 10})."
            )
        data_dir = Path(plan.data_dir)
        data_dir.mkdir(parents=True, exist_ok=True)
        grader_password, created = _grader_password(data_dir, class_password)

        if len(graders) == 2:
            if args.basis_data:
                plan.gradebook_url = postgres_url(args.basis_data)
            else:
                postgres = LocalPostgres(data_dir / "postgres", data_dir / "sandi-postgres.txt")
                print("Menyalakan PostgreSQL untuk buku nilai bersama dua penilai ...")
                postgres.initialise()
                postgres.start()
                plan.gradebook_url = postgres.ensure_database(f"gradebook_{plan.course_id}")
                plan.postgres = {"port": postgres.port, "pid": postgres.process.pid,
                                 "cluster_dir": str(postgres.cluster_dir)}
        else:
            plan.gradebook_url = f"sqlite:///{Path(plan.course_root) / 'gradebook.db'}"
        plan.hub_port = free_port()
        plan.proxy_api_port = free_port()
        plan_path = prepare_class(plan)

        secrets_env = {ENV_PASSWORD: class_password, ENV_GRADER_PASSWORD: grader_password}
        hub = start_hub(plan, plan_path, secrets_env)
        wait_for_hub(plan, hub)
        host = lan_address() if plan.ip in ("0.0.0.0", "") else plan.ip
        print("\n=== Kelas siap ===")
        print(f"Alamat untuk peserta : http://{host}:{plan.port}/")
        print("Nama pengguna        : ID peserta di daftar (huruf kecil)")
        print("Kata sandi peserta   : kata sandi kelas yang Anda tetapkan")
        print(f"Pelatih              : {', '.join(graders)}")
        if created:
            print(f"Kata sandi pelatih   : {grader_password}")
            print(f"  (dibuat otomatis, tersimpan di {data_dir / 'sandi-pelatih.txt'})")
        else:
            print(f"Kata sandi pelatih   : tersimpan di {data_dir / 'sandi-pelatih.txt'} "
                  f"atau variabel {ENV_GRADER_PASSWORD}")
        print(f"Buku nilai           : {'PostgreSQL' if len(graders) == 2 else 'SQLite'}")
        print(f"Folder kelas         : {data_dir}")
        print("Tekan Ctrl+C untuk menutup kelas.\n", flush=True)
        while hub.poll() is None:
            time.sleep(1)
        print(f"JupyterHub berhenti sendiri.\n{hub_log_tail(plan)}", file=sys.stderr)
        return 1
    except KelasError as exc:
        print(f"Kesalahan: {exc}", file=sys.stderr)
        return 2
    except PostgresError as exc:
        print(f"Kesalahan PostgreSQL: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nMenutup kelas ...", flush=True)
        return 0
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if hub is not None:
            # JupyterHub stops every server itself; give it time in proportion to the class.
            users = len(plan.participants) + len(plan.graders)
            forced = stop_process_tree(hub, timeout=30 + users)
            if forced:
                print(f"JupyterHub tidak selesai menutup kelas tepat waktu: {forced} proses "
                      "dihentikan paksa.", file=sys.stderr)
            else:
                print("Semua server kelas sudah ditutup.", flush=True)
        if postgres is not None:
            postgres.stop()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)


if __name__ == "__main__":
    sys.exit(main())
