"""nbgrader settings of a participant's (peserta) server on the class hub.

``make kelas`` puts a read-only copy of this folder on each participant
server's JUPYTER_CONFIG_PATH (see kemitraan_kelas/plan.py, server_environment);
values come from that environment.
"""

import os

c = get_config()  # noqa: F821 - provided by the config loader

if os.environ.get("KEMITRAAN_KURSUS_ID"):
    c.CourseDirectory.course_id = os.environ["KEMITRAAN_KURSUS_ID"]
if os.environ.get("KEMITRAAN_EXCHANGE"):
    c.Exchange.root = os.environ["KEMITRAAN_EXCHANGE"]
# nbgrader takes the student id from the Unix user (jupyter-p01, or one shared
# account); file each submission under the JupyterHub user name (p01) instead.
if os.environ.get("JUPYTERHUB_USER"):
    c.CourseDirectory.student_id = os.environ["JUPYTERHUB_USER"]
