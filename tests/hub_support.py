"""Helpers for tests/test_hub.py: a real class hub on loopback.

Everything lives in ``kemitraan_kelas.rehearsal`` (also used by
benchmarks/bench_hub.py); this module names what the tests use.
"""

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
    new_prefix,
    run_as_grader,
    write_participants,
    written_code_points,
)

__all__ = [
    "ASSIGNMENT", "CLASS_PASSWORD", "GRADER_PASSWORD", "KELAS", "DEPLOY", "IS_ROOT",
    "KelasRunner", "UserServer", "build_course", "fill_answers", "write_participants",
    "code_points", "written_code_points", "course_source", "run_as_grader", "new_prefix",
]
