"""nbgrader settings of a grader's (pelatih) server on the class hub.

kelas.py copies this folder to each grader home as ``.jupyter``, the server's
JUPYTER_CONFIG_DIR (see ../kelas.py, install_role_config and server_environment);
the course's own nbgrader_config.py
(course id, folders, timeout, feedback preprocessors) is loaded first; the
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
# SQLite (one grader) or PostgreSQL (two graders grading at the same time).
if os.environ.get("KEMITRAAN_GRADEBOOK_URL"):
    c.CourseDirectory.db_url = os.environ["KEMITRAAN_GRADEBOOK_URL"]
# All servers run as one Unix user: the owner check of `collect` would only warn.
c.ExchangeCollect.check_owner = False
