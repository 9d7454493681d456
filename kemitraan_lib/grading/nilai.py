"""Grade a whole class in parallel: ``make nilai TUGAS=tugas-03-pemetaan``.

    python -m kemitraan_lib.grading.nilai TUGAS [--pekerja N] [--paksa] [--peserta a,b]
                                          [--batas-waktu DETIK]

Runs nbgrader's own autograde (``NbGraderAPI.autograde``, the same code as
``nbgrader autograde`` and the formgrader's button, so every kernel runs in the
sandbox of :mod:`kemitraan_lib.grading.sandbox`) for every submission in
``submitted/<peserta>/TUGAS/``, with N worker processes (default: the number
of cores), a progress bar, and a closing summary in Indonesian: graded, flagged
(with the flag text), failed (with the reason), skipped, time.

The gradebook stays consistent: SQLite does not take concurrent writers well,
so with a SQLite gradebook each worker grades against its own copy (a snapshot
taken at the start) and sends the results back as data; this process alone
writes them into ``gradebook.db``, one transaction per submission, exactly the
fields nbgrader's autograde writes (submission time, late penalty, automatic
scores, "needs manual grading", automatic comments). Scores the trainer gave
by hand are never touched. With a server database (e.g. PostgreSQL) workers
write directly, as concurrent nbgrader processes do.

One failing or hanging submission never stops the others: nbgrader reports a
failure per submission, and a worker that exceeds ``--batas-waktu`` seconds
for one submission is killed (its sandbox dies with it) and replaced.

Exit status: 0 all graded, 1 some failed, 2 nothing could be started.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path

__all__ = ["Outcome", "grade_class", "main"]

DEFAULT_TIMEOUT = 900


@dataclass
class Outcome:
    """What happened to one submission."""

    student: str
    status: str  # "dinilai", "gagal", "dilewati"
    reason: str = ""
    flags: list[str] = field(default_factory=list)
    score: float | None = None
    max_score: float | None = None
    seconds: float = 0.0


# --- course and config ----------------------------------------------------------------


def _load_config(root: Path):
    """nbgrader's configuration as nbgrader itself loads it from ``root``."""
    from nbgrader.apps import NbGrader

    cwd = os.getcwd()
    os.chdir(root)
    try:
        app = NbGrader()
        app.load_cwd_config = True
        app.load_config_file()
        return app.config
    finally:
        os.chdir(cwd)


def _coursedir(config):
    from nbgrader.coursedir import CourseDirectory

    return CourseDirectory(config=config)


def _sqlite_path(db_url: str) -> Path | None:
    if db_url.startswith("sqlite:///"):
        return Path(db_url[len("sqlite:///"):])
    return None


def _reason(result: dict) -> str:
    """One Indonesian line saying why nbgrader could not grade a submission."""
    from kemitraan_lib.grading.sandbox import FLAG_STUCK, FLAG_WALL

    text = "\n".join(str(result.get(k) or "") for k in ("error", "log"))
    if "NotJSONError" in text or "not appear to be JSON" in text or "JSONDecodeError" in text:
        return "berkas rusak: bukan notebook yang bisa dibaca (minta peserta mengirim ulang)"
    if "Sandbox penilaian (bubblewrap) tidak dapat dijalankan" in text:
        return "sandbox tidak dapat dijalankan (pasang bubblewrap)"
    if FLAG_STUCK in text:
        return "sel tidak berhenti saat diinterupsi; kernel kiriman dimatikan"
    if FLAG_WALL.split("{")[0] in text:
        return "dihentikan: melewati batas waktu total sandbox"
    if "DeadKernelError" in text or "Kernel died" in text or "Kernel berhenti" in text:
        return "kernel berhenti mendadak (batas sandbox atau kode kiriman)"
    if "CellTimeoutError" in text:
        return "sel berjalan melebihi batas waktu; penilaian kiriman dihentikan"
    if "No notebooks found" in text or "Skipping unknown notebook" in text:
        return "tidak ada notebook tugas ini di kiriman (nama berkas salah?)"
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    final = [ln for ln in lines if re.match(r"^[\w.]+(Error|Exception)\b.*:", ln)]
    errors = [ln for ln in lines if "ERROR" in ln and "Please see the" not in ln
              and "There was an error processing" not in ln]
    last = (final or errors or lines or ["sebab tidak diketahui"])[-1]
    return last[:200]


# --- worker processes ----------------------------------------------------------------


def _read_back(db_url: str, assignment: str, student: str) -> dict:
    """What nbgrader's autograde wrote for one submission, as plain data."""
    from nbgrader.api import Gradebook, MissingEntry

    out: dict = {"timestamp": None, "notebooks": {}, "score": None, "max_score": None}
    with Gradebook(db_url) as gb:
        try:
            sub = gb.find_submission(assignment, student)
        except MissingEntry:
            return out
        out["timestamp"] = sub.timestamp
        out["score"], out["max_score"] = sub.score, sub.max_score
        for nb in sub.notebooks:
            out["notebooks"][nb.name] = {
                "late": nb.late_submission_penalty,
                "grades": {g.name: (g.auto_score, g.needs_manual_grade) for g in nb.grades},
                "comments": {c.name: c.auto_comment for c in nb.comments},
            }
    return out


def _worker(conn, root: str, assignment: str, force: bool, db_copy: str | None) -> None:
    """A worker: grade the students sent over ``conn``, answer with plain dicts."""
    import logging

    from kemitraan_lib.grading._paths import ensure_venv_on_path
    from kemitraan_lib.grading.flags import read_flags

    ensure_venv_on_path()
    os.chdir(root)
    logging.getLogger("traitlets").setLevel(logging.ERROR)
    config = _load_config(Path(root))
    if db_copy:
        config.CourseDirectory.db_url = f"sqlite:///{db_copy}"
    from nbgrader.apps import NbGraderAPI

    api = NbGraderAPI(config=config)
    coursedir = api.coursedir
    while True:
        try:
            student = conn.recv()
        except EOFError:
            return
        if student is None:
            return
        started = time.monotonic()
        try:
            result = api.autograde(assignment, student, force=force, create=True)
        except Exception as exc:  # nbgrader catches its own; this is a last resort
            result = {"success": False, "error": repr(exc), "log": ""}
        answer = {"student": student, "success": bool(result.get("success")),
                  "log": str(result.get("log") or "")[-20000:],
                  "error": str(result.get("error") or "")[-5000:]}
        answer["skipped"] = "Skipping existing assignment" in answer["log"]
        try:
            answer["data"] = _read_back(coursedir.db_url, assignment, student)
        except Exception as exc:
            answer["data"] = None
            answer["error"] += f"\n(tidak dapat membaca buku nilai pekerja: {exc!r})"
        graded = Path(coursedir.format_path(coursedir.autograded_directory, student,
                                            assignment))
        answer["flags"] = sorted({f for nb in sorted(graded.glob("*.ipynb"))
                                  for f in read_flags(nb)})
        answer["seconds"] = time.monotonic() - started
        conn.send(answer)


class _Worker:
    def __init__(self, ctx, root: Path, assignment: str, force: bool, db: Path | None,
                 index: int) -> None:
        self.db_copy = None
        if db is not None:
            self.db_copy = db.parent / f"pekerja-{index}.db"
            shutil.copyfile(db, self.db_copy)
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker, name=f"nilai-pekerja-{index}",
            args=(child, str(root), assignment, force,
                  str(self.db_copy) if self.db_copy else None), daemon=True)
        self.process.start()
        child.close()
        self.student: str | None = None
        self.started = self.deadline = 0.0

    def send(self, student: str, timeout: float) -> None:
        self.student = student
        self.started = time.monotonic()
        self.deadline = self.started + timeout
        self.conn.send(student)

    def stop(self, kill: bool = False) -> None:
        if kill and self.process.is_alive():
            self.process.kill()  # its kernels die with it (bwrap --die-with-parent)
        else:
            try:
                self.conn.send(None)
            except (OSError, ValueError):
                pass
        self.process.join(timeout=30)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=10)
        self.conn.close()


# --- writing results into the one gradebook ------------------------------------------


def _merge(db_url: str, assignment: str, student: str, data: dict) -> None:
    """Write one submission's autograde results into the gradebook (one transaction)."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url) as gb:
        kwargs = {"timestamp": data["timestamp"]} if data.get("timestamp") else {}
        gb.update_or_create_submission(assignment, student, **kwargs)
        for nb_name, nb_data in data["notebooks"].items():
            try:
                snb = gb.find_submission_notebook(nb_name, assignment, student)
            except MissingEntry:
                continue
            snb.late_submission_penalty = nb_data["late"]
            for grade in snb.grades:
                if grade.name in nb_data["grades"]:
                    grade.auto_score, grade.needs_manual_grade = nb_data["grades"][grade.name]
            for comment in snb.comments:
                if comment.name in nb_data["comments"]:
                    comment.auto_comment = nb_data["comments"][comment.name]
        gb.db.commit()


def _mark_submitted(db_url: str, assignment: str, student: str) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(db_url) as gb:
        gb.update_or_create_submission(assignment, student)


def _snapshot(db: Path, dest: Path) -> None:
    """A consistent copy of a SQLite database (sqlite's online backup)."""
    src = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    out = sqlite3.connect(dest)
    with out:
        src.backup(out)
    src.close()
    out.close()


# --- the class run --------------------------------------------------------------------


def _students(coursedir, assignment: str, only: list[str] | None) -> list[str]:
    pattern = Path(coursedir.format_path(coursedir.submitted_directory, "*", assignment))
    found = sorted(p.parent.name for p in pattern.parent.parent.glob(f"*/{assignment}")
                   if p.is_dir())
    if only:
        found = [s for s in found if s in set(only)]
    return found


def grade_class(root: Path, assignment: str, workers: int | None = None, force: bool = False,
                only: list[str] | None = None, timeout: float = DEFAULT_TIMEOUT,
                progress=None) -> list[Outcome]:
    """Grade every submission of ``assignment`` in the course at ``root``; see module doc."""
    from nbgrader.api import Gradebook, MissingEntry

    from kemitraan_lib.grading._paths import ensure_venv_on_path

    ensure_venv_on_path()
    root = Path(root).resolve()
    config = _load_config(root)
    coursedir = _coursedir(config)
    db_url = coursedir.db_url
    with Gradebook(db_url) as gb:
        try:
            gb.find_assignment(assignment)
        except MissingEntry:
            raise SystemExit(
                f"Tugas {assignment!r} belum ada di buku nilai. Jalankan dulu: "
                f"nbgrader generate_assignment {assignment} --force") from None
        students = _students(coursedir, assignment, only)
        for student in students:  # nbgrader would create them; do it once, here
            try:
                gb.find_student(student)
            except MissingEntry:
                gb.update_or_create_student(student)
    if not students:
        return []
    workers = max(1, min(workers or _cores(), len(students)))
    sqlite_db = _sqlite_path(db_url)
    tmp = Path(tempfile.mkdtemp(prefix="kemitraan-nilai-"))
    snap = None
    if sqlite_db is not None:
        snap = tmp / "buku-nilai-awal.db"
        _snapshot(sqlite_db, snap)
    ctx = mp.get_context("spawn")
    pool = [_Worker(ctx, root, assignment, force, snap, i) for i in range(workers)]
    todo = list(students)
    outcomes: list[Outcome] = []
    try:
        for w in pool:
            if todo:
                w.send(todo.pop(0), timeout)
        while any(w.student for w in pool):
            busy = [w for w in pool if w.student]
            now = time.monotonic()
            wait_for = max(0.1, min(w.deadline for w in busy) - now)
            ready = wait([w.conn for w in busy], timeout=wait_for)
            for w in list(pool):
                if not w.student:
                    continue
                outcome = None
                if w.conn in ready:
                    try:
                        answer = w.conn.recv()
                    except (EOFError, OSError):
                        outcome = _lost(w, coursedir, assignment, db_url,
                                        "proses penilai berhenti mendadak")
                    else:
                        outcome = _record(answer, db_url, assignment,
                                          write=sqlite_db is not None)
                        w.student = None
                elif time.monotonic() > w.deadline:
                    outcome = _lost(w, coursedir, assignment, db_url,
                                    f"melewati batas waktu {int(timeout)} detik")
                if outcome is None:
                    continue
                outcomes.append(outcome)
                if progress is not None:
                    progress(outcome)
                if not w.process.is_alive() or w.student:
                    # replace a killed or dead worker
                    index = pool.index(w)
                    w.stop(kill=True)
                    pool[index] = w = _Worker(ctx, root, assignment, force, snap,
                                              index + 1000 * (len(outcomes) + 1))
                    w.student = None
                if todo:
                    w.send(todo.pop(0), timeout)
    finally:
        for w in pool:
            w.stop(kill=bool(w.student))
        shutil.rmtree(tmp, ignore_errors=True)
    return outcomes


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _record(answer: dict, db_url: str, assignment: str, write: bool) -> Outcome:
    student = answer["student"]
    data = answer.get("data")
    if write and data is not None:
        _merge(db_url, assignment, student, data)
    outcome = Outcome(student=student, status="dinilai", flags=list(answer.get("flags", [])),
                      seconds=float(answer.get("seconds", 0.0)))
    if data:
        outcome.score, outcome.max_score = data.get("score"), data.get("max_score")
    if answer.get("skipped"):
        outcome.status = "dilewati"
        outcome.reason = "sudah dinilai sebelumnya (pakai PAKSA=1 untuk menilai ulang)"
    elif not answer.get("success"):
        outcome.status = "gagal"
        outcome.reason = _reason(answer)
    return outcome


def _lost(w: _Worker, coursedir, assignment: str, db_url: str, reason: str) -> Outcome:
    """The worker died or hung on ``w.student``: kill it, clean up, record a failure."""
    student = w.student or "?"
    w.stop(kill=True)
    dest = Path(coursedir.format_path(coursedir.autograded_directory, student, assignment))
    shutil.rmtree(dest, ignore_errors=True)  # as nbgrader does on a failure
    try:
        _mark_submitted(db_url, assignment, student)
    except Exception:  # noqa: BLE001 - the summary still reports the failure
        pass
    return Outcome(student=student, status="gagal", reason=reason,
                   seconds=time.monotonic() - w.started)


# --- command line ---------------------------------------------------------------------


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    minutes, secs = divmod(seconds, 60)
    return f"{minutes} menit {secs} detik" if minutes else f"{secs} detik"


def summary(assignment: str, outcomes: list[Outcome], workers: int, seconds: float) -> str:
    """The closing summary (Indonesian)."""
    graded = [o for o in outcomes if o.status == "dinilai"]
    flagged = [o for o in graded if o.flags]
    failed = [o for o in outcomes if o.status == "gagal"]
    skipped = [o for o in outcomes if o.status == "dilewati"]
    lines = [f"Ringkasan penilaian {assignment}: {len(outcomes)} kiriman, {workers} pekerja, "
             f"{_duration(seconds)}.",
             f"  Dinilai                 : {len(graded)}"
             + (f" (di antaranya {len(flagged)} ditandai)" if flagged else "")]
    if flagged:
        lines.append(f"  Ditandai, periksa sendiri: {len(flagged)}")
        for o in flagged:
            for text in o.flags:
                lines.append(f"    - {o.student}: {text}")
    lines.append(f"  Gagal dinilai           : {len(failed)}")
    for o in failed:
        lines.append(f"    - {o.student}: {o.reason}")
    if skipped:
        lines.append(f"  Dilewati                : {len(skipped)} (sudah dinilai; PAKSA=1 "
                     "untuk menilai ulang)")
    lines.append(f"Waktu: {_duration(seconds)}.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kemitraan_lib.grading.nilai",
        description="Nilai semua kiriman satu tugas sekaligus (paralel, dalam sandbox).")
    parser.add_argument("tugas", nargs="?", default="", help="nama tugas, mis. tugas-03-pemetaan")
    parser.add_argument("--pekerja", type=int, default=0,
                        help="jumlah proses penilai (bawaan: jumlah inti prosesor)")
    parser.add_argument("--paksa", action="store_true",
                        help="nilai ulang kiriman yang sudah dinilai")
    parser.add_argument("--peserta", default="", help="hanya ID ini (pisahkan dengan koma)")
    parser.add_argument("--batas-waktu", type=float, default=DEFAULT_TIMEOUT,
                        help=f"detik paling lama per kiriman (bawaan {DEFAULT_TIMEOUT})")
    parser.add_argument("--tanpa-bilah", action="store_true", help="tanpa bilah kemajuan")
    args = parser.parse_args(argv)
    if not args.tugas:
        print("Sebutkan tugasnya, misalnya: make nilai TUGAS=tugas-03-pemetaan", file=sys.stderr)
        return 2
    root = Path(os.environ.get("KEMITRAAN_KURSUS") or os.getcwd())
    if not (root / "nbgrader_config.py").exists():
        print(f"Tidak ada nbgrader_config.py di {root}: jalankan dari folder kursus.",
              file=sys.stderr)
        return 2
    from kemitraan_lib.grading.sandbox import sandbox_problem, unsandboxed_allowed

    problem = sandbox_problem()
    if problem is not None:
        from kemitraan_lib.grading.sandbox import _missing_message

        if not unsandboxed_allowed():
            print(_missing_message(problem), file=sys.stderr)
            return 2
        print("PERINGATAN: menilai TANPA sandbox (KEMITRAAN_TANPA_SANDBOX=1).", file=sys.stderr)
    only = [s.strip() for s in args.peserta.split(",") if s.strip()] or None
    workers = args.pekerja or _cores()
    bar = None
    started = time.monotonic()

    def progress(outcome: Outcome) -> None:
        if bar is not None:
            bar.update(1)
            bar.set_postfix_str(f"{outcome.student}: {outcome.status}", refresh=False)

    try:
        from tqdm import tqdm

        root_config = _coursedir(_load_config(root))
        total = len(_students(root_config, args.tugas, only))
        if not args.tanpa_bilah:
            bar = tqdm(total=total, desc=f"Menilai {args.tugas}", unit="kiriman",
                       file=sys.stderr, dynamic_ncols=True)
        outcomes = grade_class(root, args.tugas, workers=workers, force=args.paksa,
                               only=only, timeout=args.batas_waktu, progress=progress)
    except SystemExit as exc:
        if bar is not None:
            bar.close()
        print(exc, file=sys.stderr)
        return 2
    finally:
        if bar is not None:
            bar.close()
    if not outcomes:
        print(f"Belum ada kiriman untuk {args.tugas} di submitted/<ID>/{args.tugas}/.")
        return 0
    print(summary(args.tugas, outcomes, min(workers, len(outcomes)),
                  time.monotonic() - started))
    return 1 if any(o.status == "gagal" for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
