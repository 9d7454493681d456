"""Configure JupyterLab inside the project's virtual environment.

Run by `make` after installing packages. It writes only inside ``sys.prefix``
(the ``.venv``), never into the user's home:

* ``share/jupyter/lab/settings/overrides.json``: Indonesian (id_ID) as the
  default UI language (the language pack comes from pyproject.toml);
* ``etc/kemitraan/user-settings``: JupyterLab user settings for this course
  (``JUPYTERLAB_SETTINGS_DIR``, set by ``tools/buka.py``): locale id_ID, which the
  server also needs to translate menus, and no "Jupyter news" pop-up; a learner's own
  later choices are kept (files are only created when missing);
* ``etc/kemitraan/peserta``: an extra Jupyter config folder used for learners
  (``tools/buka.py --peran peserta``) that hides nbgrader's instructor tools.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

LOCALE = "id_ID"
INSTRUCTOR_PLUGINS = (
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:course-list",
)
INSTRUCTOR_SERVER_EXTENSIONS = (
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.course_list",
)


def learner_config_dir(prefix: Path | None = None) -> Path:
    """Folder added to JUPYTER_CONFIG_PATH when a learner opens the course."""
    return Path(prefix or sys.prefix) / "etc" / "kemitraan" / "peserta"


def user_settings_dir(prefix: Path | None = None) -> Path:
    """JupyterLab user-settings folder used when the course is opened with tools/buka.py."""
    return Path(prefix or sys.prefix) / "etc" / "kemitraan" / "user-settings"


USER_SETTINGS = {
    "@jupyterlab/translation-extension/plugin.jupyterlab-settings": {"locale": LOCALE},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False,
    },
}


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def configure(prefix: Path | None = None) -> None:
    prefix = Path(prefix or sys.prefix)
    overrides = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    current = json.loads(overrides.read_text(encoding="utf-8")) if overrides.exists() else {}
    current.setdefault("@jupyterlab/translation-extension:plugin", {})["locale"] = LOCALE
    _write_json(overrides, current)

    for rel, data in USER_SETTINGS.items():
        path = user_settings_dir(prefix) / rel
        if not path.exists():
            _write_json(path, data)

    learner = learner_config_dir(prefix)
    _write_json(
        learner / "labconfig" / "page_config.json",
        {"disabledExtensions": {name: True for name in INSTRUCTOR_PLUGINS}},
    )
    _write_json(
        learner / "jupyter_server_config.json",
        {"ServerApp": {"jpserver_extensions": {n: False for n in INSTRUCTOR_SERVER_EXTENSIONS}}},
    )


if __name__ == "__main__":
    configure()
    # --- issue 15 (assessment): Indonesian hints for everyday slips in every course kernel.
    from kemitraan_lib.grading.hints import install as install_kernel_hints

    install_kernel_hints()
    # --- end issue 15
    print(f"JupyterLab di {sys.prefix}: bahasa {LOCALE}, alat pelatih disembunyikan untuk peserta.")
