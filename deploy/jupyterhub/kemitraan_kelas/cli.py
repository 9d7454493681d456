"""``make kelas``: start a whole class on one JupyterHub.

Reads the participant list (the same CSV the trainer imports into nbgrader:
columns ``id, nama_depan, nama_belakang, email``, separated by ``,`` or ``;``),
the shared class password (env ``KEMITRAAN_KELAS_SANDI`` or a prompt), one or
two graders (``--pelatih``), prepares the class folder, starts JupyterHub with
its proxy and prints the address participants open. Ctrl+C stops everything it
started.

As root (the normal case on a class server) every participant and grader gets
a Unix account and their server runs as that account: no participant reaches
another's home, the answer keys, the gradebook or another's submission. Run
as an ordinary user, every server runs as that user; the command says so and
starts the graded mode (assignments through nbgrader's exchange) only when the
trainer confirms (``--tanpa-isolasi`` without a prompt); otherwise the class
runs in practice mode (the course, no graded assignments).

    python deploy/jupyterhub/kelas.py --peserta peserta.csv --pelatih pak-arif --port 8000
"""

from __future__ import annotations

import argparse
import getpass
import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

from . import layout
from .plan import (
    ENV_GRADER_PASSWORD,
    ENV_PASSWORD,
    ROOT,
    ClassPlan,
    KelasError,
    atomic_write,
    check_graders,
    read_course_config,
    read_participants,
)
from .postgres import LocalPostgres, PostgresError, free_port
from .processes import (
    hub_log_tail,
    lan_address,
    port_is_free,
    start_hub,
    stop_process_tree,
    wait_for_hub,
)

__all__ = ["build_parser", "make_plan", "isolation_notice", "decide_graded", "postgres_url",
           "main", "MIN_PASSWORD", "MIN_GRADER_PASSWORD"]

MIN_PASSWORD = 8
MIN_GRADER_PASSWORD = 32  # JupyterHub's SharedPasswordAuthenticator rule for admins
DEFAULT_IDLE_MINUTES = 240


def _default_data_dir() -> Path:
    if os.geteuid() == 0:
        return Path("/srv/kelas-kemitraan")
    return Path.home() / "KelasKemitraan"


def _default_start_limit() -> int:
    return max(2, 2 * (os.cpu_count() or 1))


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
        atomic_write(saved, password + "\n")
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
    p.add_argument("--folder-kursus", type=Path, default=None,
                   help="folder kursus nbgrader (tempat nbgrader_config.py). Bawaan: sebagai "
                        "root salinan di <folder kelas>/kursus, selain itu folder proyek")
    p.add_argument("--basis-data", default="",
                   help="URL PostgreSQL yang sudah ada untuk buku nilai (dua penilai); "
                        "tanpa ini PostgreSQL dijalankan sendiri di folder data")
    p.add_argument("--awalan-akun", default="jupyter-", metavar="AWALAN",
                   help="awalan akun komputer peserta dan pelatih (bawaan jupyter-, "
                        "misalnya jupyter-p01)")
    p.add_argument("--batas-start-serentak", type=int, default=_default_start_limit(),
                   metavar="N", help="server yang dinyalakan bersamaan; yang lain menunggu "
                   f"giliran di halaman tunggu (bawaan {_default_start_limit()})")
    p.add_argument("--batas-menganggur", type=int, default=DEFAULT_IDLE_MINUTES,
                   metavar="MENIT", help="server dan kernel yang tidak dipakai selama itu "
                   f"dimatikan; 0 = tidak pernah (bawaan {DEFAULT_IDLE_MINUTES} menit)")
    p.add_argument("--terminal-peserta", action="store_true",
                   help="peserta juga mendapat Terminal (bawaan: tidak)")
    p.add_argument("--tanpa-isolasi", action="store_true",
                   help="tanpa root: nyalakan mode bernilai walaupun peserta tidak terpisah")
    p.add_argument("--proksi", choices=("pypi", "npm"), default="pypi",
                   help="proxy HTTP: pypi (bawaan) atau npm (perlu configurable-http-proxy "
                        "dari npm)")
    p.add_argument("--catatan-rinci", action="store_true",
                   help="catatan JupyterHub dan proxy serinci mungkin (untuk mencari masalah)")
    p.add_argument("--periksa", action="store_true",
                   help="hanya periksa daftar peserta dan pengaturan, tanpa menyalakan apa pun")
    return p


def make_plan(args, participants, graders) -> ClassPlan:
    unix_accounts = os.geteuid() == 0
    data_dir = (args.folder_data or _default_data_dir()).expanduser().absolute()
    if args.folder_kursus is not None:
        course_root = args.folder_kursus.expanduser().resolve()
        course = read_course_config(course_root)
        if unix_accounts and course_root == ROOT.resolve():
            raise KelasError(
                "Sebagai root, folder kursus kelas tidak boleh folder proyek itu sendiri "
                "(izinnya akan diubah untuk pelatih saja). Hapus --folder-kursus: kelas "
                f"memakai salinan di {data_dir / 'kursus'}."
            )
    elif unix_accounts:  # the project (often under /root) copied into the class folder
        course = read_course_config(ROOT)
        course_root = data_dir / "kursus"
    else:
        course_root = ROOT
        course = read_course_config(ROOT)
    if not 1 <= args.port <= 65535:
        raise KelasError(f"Port {args.port} tidak sah; pilih angka 1024 sampai 65535.")
    if args.batas_start_serentak < 1:
        raise KelasError("--batas-start-serentak minimal 1.")
    if args.batas_menganggur < 0:
        raise KelasError("--batas-menganggur tidak boleh negatif (0 = tidak pernah).")
    plan = ClassPlan(
        course_root=str(course_root),
        course_id=course["course_id"],
        data_dir=str(data_dir),
        participants=[asdict(p) for p in participants],
        graders=list(graders),
        ip=args.ip,
        port=args.port,
        source_directory=course["source_directory"],
        release_directory=course["release_directory"],
        unix_accounts=unix_accounts,
        account_prefix=args.awalan_akun,
        start_limit=args.batas_start_serentak,
        idle_minutes=args.batas_menganggur,
        participant_terminal=args.terminal_peserta,
        proxy=args.proksi,
    )
    if unix_accounts:
        from .accounts import check_prefix

        check_prefix(plan.account_prefix, plan.users)
    return plan


def isolation_notice(user: str) -> str:
    """What a class started without root cannot keep apart (shown to the trainer)."""
    return (
        f"PERHATIAN: make kelas tidak dijalankan sebagai root, jadi server semua peserta "
        f"berjalan sebagai satu akun komputer yang sama ('{user}').\n"
        "Yang TIDAK bisa dipisahkan dalam keadaan ini:\n"
        "  - kode yang dijalankan peserta di buku catatan dapat membaca dan mengubah folder "
        "rumah peserta lain;\n"
        "  - kunci jawaban (solutions/), buku nilai (gradebook), dan hasil penilaian dapat "
        "dibaca dan diubah peserta;\n"
        "  - kiriman tugas peserta lain di exchange dapat dibaca, diganti, atau dihapus.\n"
        "Untuk kelas bernilai yang terpisah, jalankan sebagai root: sudo make kelas ...\n"
        "Tanpa persetujuan Anda, kelas dinyalakan dalam MODE LATIHAN: modul kursus bisa "
        "dipakai, tugas bernilai (exchange, formgrader) tidak ada."
    )


def decide_graded(is_root: bool, confirmed: bool, ask=None) -> bool:
    """Graded mode: always as root; otherwise only with the trainer's consent.

    ``ask`` (a prompt function) is used only when no flag was given.

    >>> decide_graded(True, False), decide_graded(False, True), decide_graded(False, False)
    (True, True, False)
    >>> decide_graded(False, False, ask=lambda q: "ya")
    True
    """
    if is_root or confirmed:
        return True
    if ask is None:
        return False
    answer = ask("Tetap nyalakan mode bernilai TANPA isolasi? Ketik 'ya' untuk setuju: ")
    return answer.strip().lower() in ("ya", "y", "yes")


def _mode_line(plan: ClassPlan) -> str:
    if plan.unix_accounts:
        return (f"bernilai; setiap peserta dan pelatih memakai akun komputer sendiri "
                f"({plan.account_prefix}<id>)")
    if plan.graded:
        return "bernilai TANPA isolasi (semua server satu akun komputer)"
    return "latihan (tanpa tugas bernilai)"


def _prepare(plan: ClassPlan, say) -> Path:
    """Accounts, folders, exchange, course folder and gradebook; returns the saved plan."""
    layout.prepare_data_dir(plan)
    if plan.unix_accounts:
        import grp

        from .accounts import ensure_accounts

        ensure_accounts(plan, say)
        gid = grp.getgrnam(plan.grader_group).gr_gid
        course = Path(plan.course_root)
        if course == Path(plan.data_dir) / "kursus":
            layout.seed_course(plan, course, say)
        layout.check_traversable(course, gid)
        layout.share_with_group(course, gid)
    else:
        plan.homes.mkdir(parents=True, exist_ok=True)
        for user in plan.users:
            plan.home(user).mkdir(exist_ok=True)
    layout.install_roles(plan)
    layout.install_library(plan)
    if plan.graded:
        layout.prepare_exchange(plan)
        layout.write_gradebook_url(plan)
    path = plan.save()
    if plan.graded:
        from .gradebook import register_as_grader

        register_as_grader(plan, say)
    return path


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    postgres: LocalPostgres | None = None
    hub: subprocess.Popen | None = None
    plan: ClassPlan | None = None
    venv_lock = None

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
        if not plan.unix_accounts:
            print(isolation_notice(getpass.getuser()), file=sys.stderr, flush=True)
            interactive = sys.stdin.isatty() and not args.periksa
            plan.graded = decide_graded(False, args.tanpa_isolasi,
                                        ask=input if interactive else None)
        if args.periksa:
            print(f"Daftar peserta baik: {len(participants)} peserta; pelatih: "
                  f"{', '.join(graders)}; kursus '{plan.course_id}' di {plan.course_root}.")
            print(f"Buku nilai: {'PostgreSQL' if len(graders) == 2 else 'SQLite'}.")
            print(f"Mode kelas: {_mode_line(plan)}.")
            return 0
        if not port_is_free(args.ip, args.port):
            raise KelasError(
                f"Port {args.port} sedang dipakai program lain. Pilih port lain, misalnya "
                f"--port {args.port + 10} (atau: make kelas PORT={args.port + 10})."
            )
        data_dir = Path(plan.data_dir)
        data_dir.mkdir(parents=True, exist_ok=True)
        grader_password, created = _grader_password(data_dir, class_password)
        if plan.unix_accounts:
            from .class_env import class_copy, ensure_class_python, hold

            shared = ensure_class_python(say=print)
            venv_lock = hold(shared)
            plan.python = class_copy(shared, data_dir / "python", plan.library_dir)

        if plan.graded and len(graders) == 2:
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
        plan_path = _prepare(plan, print)

        secrets_env = {ENV_PASSWORD: class_password, ENV_GRADER_PASSWORD: grader_password}
        hub = start_hub(plan, plan_path, secrets_env, debug=args.catatan_rinci)
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
        print(f"Mode                 : {_mode_line(plan)}")
        if plan.graded:
            print(f"Buku nilai           : {'PostgreSQL' if len(graders) == 2 else 'SQLite'}")
        print(f"Folder kursus        : {plan.course_root}")
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
    except (KeyboardInterrupt, EOFError):
        print("\nMenutup kelas ...", flush=True)
        return 0
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if hub is not None:
            # JupyterHub stops every server itself; give it time in proportion to the class.
            forced = stop_process_tree(hub, timeout=30 + len(plan.users))
            if forced:
                print(f"JupyterHub tidak selesai menutup kelas tepat waktu: {forced} proses "
                      "dihentikan paksa.", file=sys.stderr)
            else:
                print("Semua server kelas sudah ditutup.", flush=True)
        if postgres is not None:
            postgres.stop()
        if venv_lock is not None:
            venv_lock.close()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
