"""nbgrader settings of a grader's (pelatih) server on the class hub.

``make kelas`` puts a read-only copy of this folder on each grader server's
JUPYTER_CONFIG_PATH (see kemitraan_kelas/plan.py, server_environment). The
course's own nbgrader_config.py (course id, folders, timeout, feedback
preprocessors and, once merged, the autograding sandbox) is loaded first; the
class-specific settings (exchange, gradebook) follow.
"""

import os

c = get_config()  # noqa: F821 - provided by the config loader

_course = os.environ.get("KEMITRAAN_KURSUS")
if _course:
    _course_config = os.path.join(_course, "nbgrader_config.py")
    if os.path.exists(_course_config):
        load_subconfig(_course_config)  # noqa: F821 - provided by the config loader
    c.CourseDirectory.root = _course
if os.environ.get("KEMITRAAN_KURSUS_ID"):
    c.CourseDirectory.course_id = os.environ["KEMITRAAN_KURSUS_ID"]
if os.environ.get("KEMITRAAN_EXCHANGE"):
    c.Exchange.root = os.environ["KEMITRAAN_EXCHANGE"]
# SQLite (one grader) or PostgreSQL (two graders grading at the same time). The URL
# may hold a password: it is read from a file only graders can open, never kept in
# the environment (which child processes such as kernels inherit).
_url_file = os.environ.get("KEMITRAAN_GRADEBOOK_URL_FILE")
if _url_file and os.path.exists(_url_file):
    with open(_url_file, encoding="utf-8") as _fh:
        c.CourseDirectory.db_url = _fh.read().strip()
if os.environ.get("KEMITRAAN_AKUN_AWALAN"):
    # One Unix account per person: the graders share the course folder and the
    # exchange through their group (nbgrader's "groupshared"), and `collect` takes
    # only submissions made by the participant's own account (jupyter-<id>).
    c.CourseDirectory.groupshared = True
    c.ExchangeFactory.collect = "kemitraan_kelas.exchange.OwnerCheckedCollect"
else:
    # All servers run as one Unix user: the owner check of `collect` would only warn.
    c.ExchangeCollect.check_owner = False
