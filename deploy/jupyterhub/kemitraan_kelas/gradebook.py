"""Participants and assignments into the class gradebook, run as the first grader.

``make kelas`` runs ``python -m kemitraan_kelas.gradebook`` as the first
grader's account (with that grader's server environment, in the course
folder), so the gradebook and whatever nbgrader writes belong to the graders,
not to root. What to register arrives as JSON on standard input (the gradebook
URL may hold a password and is never put on a command line).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

from .plan import ClassPlan, KelasError, assignments_in, server_environment

__all__ = ["register", "as_grader", "register_as_grader", "main"]


def register(spec: dict) -> list[str]:
    """Students into the gradebook; assignments of the source folder it lacks, generated.

    Assignments are generated into a throw-away release folder, so the course's
    release folder is never rewritten. Returns the assignments registered.
    """
    from nbgrader.api import Gradebook
    from nbgrader.apps.generateassignmentapp import GenerateAssignmentApp

    with Gradebook(spec["gradebook_url"], spec["course_id"]) as gb:
        for p in spec["participants"]:
            gb.update_or_create_student(p["id"], first_name=p["first_name"],
                                        last_name=p["last_name"], email=p["email"] or None)
        known = {a.name for a in gb.assignments}
    missing = [a for a in spec["assignments"] if a not in known]
    with tempfile.TemporaryDirectory(prefix="kemitraan-rilis-") as tmp:
        for name in missing:
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
    return missing


def as_grader(plan: ClassPlan, grader: str | None = None) -> dict:
    """``subprocess`` arguments that run a command like a grader's terminal does.

    The grader's server environment and home, the course folder as working
    folder and, with Unix accounts, the grader's account and umask 007.
    """
    from .accounts import demote

    grader = grader or plan.graders[0]
    env = {k: v for k, v in os.environ.items() if k in ("LANG", "LC_ALL", "TZ")}
    env.update(server_environment(plan, grader))
    env["HOME"] = str(plan.home(grader))
    kwargs = {"env": env, "cwd": plan.course_root}
    if plan.unix_accounts:
        kwargs["preexec_fn"] = demote(plan.unix_name(grader), umask=0o007)
    return kwargs


def register_as_grader(plan: ClassPlan, say=print) -> None:
    """Run ``register`` in a child process as the first grader (their account when any)."""
    spec = {
        "gradebook_url": plan.gradebook_url, "course_id": plan.course_id,
        "participants": plan.participants,
        "assignments": assignments_in(plan.course_root, plan.source_directory),
    }
    result = subprocess.run(
        [plan.python, "-m", "kemitraan_kelas.gradebook"], input=json.dumps(spec),
        capture_output=True, text=True, **as_grader(plan),
    )
    out = result.stdout.strip()
    if result.returncode != 0:
        raise KelasError(
            "Buku nilai tidak bisa disiapkan (nbgrader gagal):\n"
            f"{(out + chr(10) + result.stderr.strip())[-2500:]}"
        )
    if out:
        say(out)


def main() -> int:
    spec = json.load(sys.stdin)
    try:
        added = register(spec)
    except KelasError as exc:
        print(f"Kesalahan: {exc}", file=sys.stderr)
        return 2
    if added:
        print(f"Mendaftarkan {len(added)} tugas ke buku nilai: {', '.join(added)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
