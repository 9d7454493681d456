"""A small PostgreSQL cluster of our own for the gradebook of two graders.

nbgrader's SQLite gradebook is fine for one grader; when two graders autograde
at the same time, nbgrader advises a real database server. ``make kelas`` with
two graders therefore runs Debian's PostgreSQL (``/usr/lib/postgresql/<N>/bin``)
with a cluster inside the class data folder, listening on 127.0.0.1 only, with a
password (scram-sha-256) for the one database user ``kemitraan``.

The server runs as the current user, or as the ``postgres`` Unix user when we are
root (PostgreSQL refuses to run as root). It is started as a direct child
process and stopped by its process id.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import time
from pathlib import Path

__all__ = ["PostgresError", "LocalPostgres", "find_postgres_bin", "free_port"]

DB_USER = "kemitraan"


class PostgresError(RuntimeError):
    """PostgreSQL could not be prepared or started; str(e) is Indonesian."""


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_postgres_bin() -> Path:
    """Folder holding ``initdb`` and ``postgres`` (Debian layout or PATH)."""
    env = os.environ.get("KEMITRAAN_PG_BIN")
    candidates = [Path(env)] if env else []
    candidates += sorted(
        (Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin")),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    which = shutil.which("initdb")
    if which:
        candidates.append(Path(which).parent)
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "postgres").exists():
            return folder
    raise PostgresError(
        "PostgreSQL tidak ditemukan (perintah initdb dan postgres). Dua penilai memerlukan "
        "PostgreSQL. Pasang dulu: sudo apt-get install postgresql"
    )


def _run_as() -> pwd.struct_passwd | None:
    """The Unix user PostgreSQL must run as, or None for the current user."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam("postgres")
    except KeyError as exc:
        raise PostgresError(
            "Program berjalan sebagai root, tetapi pengguna Unix 'postgres' tidak ada. "
            "Pasang paket postgresql (membuat pengguna itu) atau jalankan sebagai pengguna biasa."
        ) from exc


def _check_reachable(path: Path, user: pwd.struct_passwd) -> None:
    """Fail early when ``user`` cannot traverse every parent folder of ``path``."""
    for parent in reversed(path.parents):
        st = parent.stat()
        if st.st_uid == user.pw_uid:
            continue
        if st.st_mode & stat.S_IXOTH:
            continue
        if st.st_gid == user.pw_gid and st.st_mode & stat.S_IXGRP:
            continue
        raise PostgresError(
            f"Folder '{parent}' tidak bisa dibuka oleh pengguna Unix 'postgres', jadi basis data "
            f"penilaian tidak bisa disimpan di '{path}'. Pilih folder data di luar folder itu, "
            "misalnya --folder-data /srv/kelas-kemitraan."
        )


class LocalPostgres:
    """One PostgreSQL cluster in ``cluster_dir``; password kept in ``password_file``.

    Use as a context manager (initialise + start, then stop) or call the steps.
    """

    def __init__(self, cluster_dir, password_file, port: int | None = None):
        self.cluster_dir = Path(cluster_dir)
        self.password_file = Path(password_file)
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None
        self.log_path = self.cluster_dir.parent / "postgres.log"

    # -- set-up ---------------------------------------------------------------
    @property
    def password(self) -> str:
        return self.password_file.read_text(encoding="utf-8").strip()

    def url(self, database: str) -> str:
        """SQLAlchemy URL of ``database`` (the password is read from its file)."""
        if not self.password_file.exists():
            return f"postgresql+psycopg2://{DB_USER}@127.0.0.1:{self.port}/{database}"
        return f"postgresql+psycopg2://{DB_USER}:{self.password}@127.0.0.1:{self.port}/{database}"

    def _popen_user(self) -> dict:
        user = _run_as()
        if user is None:
            return {}
        return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}

    def initialise(self) -> None:
        """Create the cluster (once) with a random password for user ``kemitraan``."""
        if (self.cluster_dir / "PG_VERSION").exists():
            if not self.password_file.exists():
                raise PostgresError(
                    f"Basis data di '{self.cluster_dir}' sudah ada, tetapi file sandinya "
                    f"'{self.password_file}' hilang. Pindahkan folder itu lalu jalankan lagi."
                )
            return
        bindir = find_postgres_bin()
        user = _run_as()
        self.cluster_dir.mkdir(parents=True, exist_ok=True)
        if user is not None:
            _check_reachable(self.cluster_dir, user)
            os.chown(self.cluster_dir, user.pw_uid, user.pw_gid)
        os.chmod(self.cluster_dir, 0o700)
        password = secrets.token_urlsafe(24)
        self.password_file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(password + "\n")
        # initdb reads the password from a file the server user can read.
        pwfile = self.cluster_dir.parent / f".pw-{secrets.token_hex(4)}"
        fd = os.open(pwfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(password + "\n")
        if user is not None:
            os.chown(pwfile, user.pw_uid, user.pw_gid)
        try:
            result = subprocess.run(
                [
                    str(bindir / "initdb"), "-D", str(self.cluster_dir), "-U", DB_USER,
                    "--auth-local=scram-sha-256", "--auth-host=scram-sha-256",
                    f"--pwfile={pwfile}", "--encoding=UTF8", "--locale=C",
                ],
                capture_output=True, text=True, timeout=120, cwd="/",
                **self._popen_user(),
            )
        finally:
            pwfile.unlink(missing_ok=True)
        if result.returncode != 0:
            raise PostgresError(
                f"initdb gagal membuat basis data di '{self.cluster_dir}':\n"
                f"{result.stderr.strip()[-1500:]}"
            )

    # -- running --------------------------------------------------------------
    def start(self, timeout: float = 60) -> None:
        """Start the server on 127.0.0.1:port and wait until it answers."""
        import psycopg2

        if self.process is not None:
            return
        bindir = find_postgres_bin()
        log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        user = _run_as()
        if user is not None:
            os.chown(self.log_path, user.pw_uid, user.pw_gid)
        self.process = subprocess.Popen(
            [
                str(bindir / "postgres"), "-D", str(self.cluster_dir), "-p", str(self.port),
                "-c", "listen_addresses=127.0.0.1",
                "-c", f"unix_socket_directories={self.cluster_dir}",
                "-c", "max_connections=200",
            ],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            cwd="/", start_new_session=True, **self._popen_user(),
        )
        self._log = log
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._log.close()
                tail = self.log_path.read_text(encoding="utf-8", errors="replace")[-1500:]
                self.process = None
                raise PostgresError(f"PostgreSQL berhenti saat dinyalakan. Catatan:\n{tail}")
            try:
                conn = psycopg2.connect(
                    host="127.0.0.1", port=self.port, user=DB_USER,
                    password=self.password, dbname="postgres", connect_timeout=3,
                )
                conn.close()
                return
            except psycopg2.OperationalError as exc:
                last = str(exc)
                time.sleep(0.3)
        self.stop()
        raise PostgresError(f"PostgreSQL tidak menjawab dalam {timeout:.0f} detik: {last}")

    def ensure_database(self, name: str) -> str:
        """Create database ``name`` if missing; return its URL."""
        import psycopg2

        conn = psycopg2.connect(
            host="127.0.0.1", port=self.port, user=DB_USER,
            password=self.password, dbname="postgres",
        )
        try:
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
                if cur.fetchone() is None:
                    cur.execute(f'CREATE DATABASE "{name}"')
        finally:
            conn.close()
        return self.url(name)

    def stop(self, timeout: float = 30) -> None:
        """Fast shutdown (SIGINT) by process id; SIGKILL if it does not stop."""
        proc, self.process = self.process, None
        if proc is None:
            return
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGINT)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)
        self._log.close()

    def __enter__(self) -> LocalPostgres:
        self.initialise()
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
