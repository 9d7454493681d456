"""nbgrader settings of a participant's (peserta) server on the class hub.

kelas.py copies this folder to each participant home as ``.jupyter``, the server's
JUPYTER_CONFIG_DIR (see ../kelas.py, install_role_config and server_environment);
values come from that environment.
"""

import os

c = get_config()  # noqa: F821 - provided by the config loader

if os.environ.get("KEMITRAAN_KURSUS_ID"):
    c.CourseDirectory.course_id = os.environ["KEMITRAAN_KURSUS_ID"]
if os.environ.get("KEMITRAAN_EXCHANGE"):
    c.Exchange.root = os.environ["KEMITRAAN_EXCHANGE"]
# nbgrader takes the student id from the Unix user; every server here runs as the
# same Unix user, so file each submission under the JupyterHub user name instead.
if os.environ.get("JUPYTERHUB_USER"):
    c.CourseDirectory.student_id = os.environ["JUPYTERHUB_USER"]
