"""The class plan: everything the hub and the servers need, saved as JSON.

``make kelas`` (``cli.py``) checks the trainer's input and writes one
``ClassPlan`` into the class folder; ``jupyterhub_config.py`` reads it back.
``server_environment`` is the single place that decides what each server gets.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = [
    "KelasError", "ClassPlan", "PLAN_FILE", "ENV_PASSWORD", "ENV_GRADER_PASSWORD",
    "ENV_SERVICE_TOKEN", "ENV_PLAN", "DEPLOY", "ROOT", "read_participants", "check_user_id",
    "check_graders", "read_course_config", "assignments_in", "server_role",
    "server_environment", "atomic_write",
]

ENV_PASSWORD = "KEMITRAAN_KELAS_SANDI"
ENV_GRADER_PASSWORD = "KEMITRAAN_PELATIH_SANDI"
ENV_SERVICE_TOKEN = "KEMITRAAN_KELAS_TOKEN_LAYANAN"
ENV_PLAN = "KEMITRAAN_KELAS_RENCANA"
PLAN_FILE = "rencana-kelas.json"
DEPLOY = Path(__file__).resolve().parents[1]  # deploy/jupyterhub
ROOT = DEPLOY.parents[1]  # the project


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


@dataclass
class ClassPlan:
    """Everything the hub and the servers need; saved as JSON in the class folder.

    ``unix_accounts``: each participant and grader has a Unix account
    ``account_prefix + id`` and their server runs as that account (``make kelas``
    as root). Otherwise every server runs as the user who started the class.
    ``graded``: nbgrader's exchange and the grader tools are on (always with
    Unix accounts; without them only when the trainer confirmed).
    """

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
    unix_accounts: bool = False
    account_prefix: str = "jupyter-"
    graded: bool = True
    python: str = sys.executable
    start_limit: int = 4
    idle_minutes: int = 240
    participant_terminal: bool = False
    proxy: str = "pypi"

    # -- folders of the class ------------------------------------------------------------------
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
    def gradebook_url_file(self) -> Path:
        """The gradebook URL (it may hold a password): readable by the graders only."""
        return Path(self.data_dir) / "buku-nilai.url"

    @property
    def roles_dir(self) -> Path:
        """Root-owned, read-only copies of the role config folders (JUPYTER_CONFIG_PATH)."""
        return Path(self.data_dir) / "peran"

    @property
    def library_dir(self) -> Path:
        """Root-owned copy of kemitraan_lib and kemitraan_kelas (the servers' PYTHONPATH)."""
        return Path(self.data_dir) / "pustaka"

    @property
    def material_dir(self) -> Path:
        """The course material each participant gets as ``~/kursus`` (in the library copy)."""
        return self.library_dir

    @property
    def participant_ids(self) -> list[str]:
        return [p["id"] for p in self.participants]

    @property
    def users(self) -> list[str]:
        return self.participant_ids + list(self.graders)

    @property
    def grader_group(self) -> str:
        """Unix group of the graders: the only ones who may open the course folder."""
        return f"{self.account_prefix}penilai"

    def home(self, username: str) -> Path:
        return self.homes / username

    def unix_name(self, username: str) -> str:
        """The Unix account of a hub user (``jupyter-p01`` for ``p01``, like TLJH)."""
        return f"{self.account_prefix}{username}" if self.unix_accounts else ""

    # -- file ---------------------------------------------------------------------------------
    def save(self) -> Path:
        path = Path(self.data_dir) / PLAN_FILE
        atomic_write(path, json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n")
        return path

    @classmethod
    def load(cls, path) -> ClassPlan:
        return cls(**json.loads(Path(path).read_text(encoding="utf-8")))


def atomic_write(path: Path, text: str, mode: int = 0o600) -> None:
    """Write ``text`` to ``path`` through a temp file in the same folder (never half a file)."""
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


def assignments_in(course_root: Path, source_directory: str) -> list[str]:
    """Assignment folders in the course's source directory (those holding a notebook)."""
    source = Path(course_root) / source_directory
    return sorted(
        d.name for d in source.iterdir() if d.is_dir() and any(d.glob("*.ipynb"))
    ) if source.is_dir() else []


# -- roles ------------------------------------------------------------------------------------
def server_role(plan: ClassPlan, username: str) -> str:
    """'pelatih' (grader: formgrader, course folder) or 'peserta' (participant)."""
    return "pelatih" if username in plan.graders else "peserta"


def server_environment(plan: ClassPlan, username: str) -> dict[str, str]:
    """Environment of one single-user server (also used to run nbgrader as a grader).

    JUPYTER_CONFIG_PATH is the root-owned copy of the role's config folder (it
    outranks the user's own JUPYTER_CONFIG_DIR, ``~/.jupyter``, where Jupyter
    writes at run time); with Unix accounts PYTHONPATH holds the class's copy of
    the course library (without them the project's own install is used); the
    rest tells those config files where the exchange, the course and the
    gradebook are. No password appears here: graders get the path of
    the file holding the gradebook URL, which only they can read (environment
    variables travel to child processes, e.g. the kernels that run a submission).
    """
    role = server_role(plan, username)
    home = plan.home(username)
    venv_bin = str(Path(plan.python).parent)
    if plan.unix_accounts:  # root's PATH (pyenv under /root ...) means nothing to the user
        path = os.pathsep.join([venv_bin, "/usr/local/bin", "/usr/bin", "/bin"])
    else:
        path = os.environ.get("PATH", "/usr/bin:/bin")
        if path.split(os.pathsep)[0] != venv_bin:
            path = venv_bin + os.pathsep + path
    env = {
        "JUPYTER_CONFIG_DIR": str(home / ".jupyter"),
        "JUPYTER_CONFIG_PATH": str(plan.roles_dir / role),
        "KEMITRAAN_PERAN": role,
        "KEMITRAAN_KURSUS_ID": plan.course_id,
        "KEMITRAAN_BAHAN": str(plan.material_dir),
        "KEMITRAAN_BUKU_KERJA": str(home / "BukuKerjaKemitraan" / "buku-kerja.json"),
        "PATH": path,
    }
    if plan.graded:
        env["KEMITRAAN_EXCHANGE"] = str(plan.exchange)
    if plan.unix_accounts:
        env["KEMITRAAN_AKUN_AWALAN"] = plan.account_prefix
        # the class interpreter finds the library through its .pth (class_env); this is
        # for commands whose script runs the shared venv's python (nbgrader in a terminal)
        env["PYTHONPATH"] = str(plan.library_dir)
    if role == "pelatih":
        env["KEMITRAAN_KURSUS"] = plan.course_root
        if plan.graded:
            env["KEMITRAAN_GRADEBOOK_URL_FILE"] = str(plan.gradebook_url_file)
    return env
