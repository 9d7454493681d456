"""Configure JupyterLab for the course inside a Python environment (``make setup``).

Run by ``make`` after installing packages. It writes only inside the environment's
prefix (the ``.venv``) and the course folder, never into the user's home:

* ``share/jupyter/lab/settings/overrides.json``: Indonesian (id_ID) as the default UI
  language;
* the course's corrected Indonesian catalogues for JupyterLab, layered over
  ``jupyterlab-language-pack-id-ID`` (:mod:`kemitraan_lab.terjemahan`);
* ``etc/kemitraan/<peran>/``, one folder per role, used by ``tools/buka.py``:
  ``config/`` (an extra Jupyter config folder: learners without nbgrader's tools and
  without ``solutions/``, both roles with the course's contents manager),
  ``user-settings/`` and ``workspaces/`` (each role its own tabs and settings);
* ``pertukaran-nbgrader/`` in the course folder: nbgrader's exchange for one computer.

The class hub applies the same learner settings to each participant's config folder:
``python tools/siapkan_lab.py --folder-peserta HOME/.jupyter --kelas`` (or
:func:`write_learner_config` and :func:`write_user_settings`); the translations are in
the environment already.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCALE = "id_ID"
ROLES = ("peserta", "pelatih")
EXCHANGE = ROOT / "pertukaran-nbgrader"
CONTENTS_MANAGER = "kemitraan_lab.contents.KursusContentsManager"
INSTRUCTOR_PLUGINS = (
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:course-list",
)
# Hidden from learners in self-study: nbgrader's menu and buttons (nothing to fetch or
# submit without a hub; the course checks answers itself) and tools they have no use for.
SELF_STUDY_HIDDEN_PLUGINS = (
    "@jupyter/nbgrader:menu",
    "@jupyter/nbgrader:assignment-list",
    "@jupyter/nbgrader:validate-assignment",
)
LEARNER_HIDDEN_PLUGINS = (
    "@jupyterlab/extensionmanager-extension:plugin",  # installing extensions
    "@jupyterlab/debugger-extension:notebooks",  # the bug button in the toolbar
    "@jupyter-notebook/lab-extension:interface-switcher",  # "Notebook" button
    "@jupyter-notebook/lab-extension:launch-tree",
    "@voila-dashboards/jupyterlab-preview:plugin",  # Voilà preview: the apps are make app
)
INSTRUCTOR_SERVER_EXTENSIONS = (
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.course_list",
)
# Answer keys and grading data: never listed, never served to a learner's browser.
LEARNER_HIDE_GLOBS = ("solutions", "gradebook.db", "autograded")


def role_dir(role: str, prefix: Path | None = None) -> Path:
    """``etc/kemitraan/<role>`` of the environment."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    return Path(prefix or sys.prefix) / "etc" / "kemitraan" / role


def learner_config_dir(prefix: Path | None = None) -> Path:
    """Folder added to JUPYTER_CONFIG_PATH when a learner opens the course."""
    return role_dir("peserta", prefix) / "config"


def config_dir(role: str, prefix: Path | None = None) -> Path:
    return role_dir(role, prefix) / "config"


def user_settings_dir(role: str = "peserta", prefix: Path | None = None) -> Path:
    """JupyterLab user-settings folder of a role (``JUPYTERLAB_SETTINGS_DIR``)."""
    return role_dir(role, prefix) / "user-settings"


def workspaces_dir(role: str = "peserta", prefix: Path | None = None) -> Path:
    """JupyterLab workspaces folder of a role: a trainer never gets a learner's tabs."""
    return role_dir(role, prefix) / "workspaces"


USER_SETTINGS = {
    "@jupyterlab/translation-extension/plugin.jupyterlab-settings": {"locale": LOCALE},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False,
    },
}
LEARNER_SETTINGS = {
    # Closing a module's tab also stops its kernel: a learner opens a dozen notebooks on a
    # small laptop, and the answers live in the workbook, not in the kernel.
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"kernelShutdown": True},
}
TRAINER_SETTINGS = {
    # One formgrader entry: the course's nbgrader_config.py is the only configuration.
    "@jupyter/nbgrader/formgrader.jupyterlab-settings": {"local_config": False},
}


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def _merge_json(path: Path, update: dict) -> None:
    """Merge ``update`` into a JSON config file (one level of sections), keeping the rest."""
    data = _read_json(path)
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    _write_json(path, data)


def _server_config(folder: Path, *, learner: bool) -> None:
    from jupyter_server.services.contents.manager import ContentsManager

    server: dict = {"contents_manager_class": CONTENTS_MANAGER}
    update: dict = {"ServerApp": server}
    if learner:
        server["jpserver_extensions"] = {n: False for n in INSTRUCTOR_SERVER_EXTENSIONS}
        defaults = list(ContentsManager().hide_globs)
        update["ContentsManager"] = {
            "hide_globs": defaults + [g for g in LEARNER_HIDE_GLOBS if g not in defaults],
        }
    _merge_json(folder / "jupyter_server_config.json", update)


def write_learner_config(folder: Path, *, self_study: bool = True) -> None:
    """Learner settings into a Jupyter config folder (JUPYTER_CONFIG_PATH / _DIR).

    Hides nbgrader's instructor tools, ``solutions/`` and the grading data (not listed,
    refused by the contents API), tools a learner has no use for, and (``self_study``)
    nbgrader's menu, assignment list and Validate button. On the class hub
    (``self_study=False``) the assignment list stays: participants fetch and submit
    there. Existing files in ``folder`` are merged, not replaced.
    """
    folder = Path(folder)
    hidden = list(INSTRUCTOR_PLUGINS) + list(LEARNER_HIDDEN_PLUGINS)
    if self_study:
        hidden += SELF_STUDY_HIDDEN_PLUGINS
    page = folder / "labconfig" / "page_config.json"
    current = _read_json(page).get("disabledExtensions") or {}
    if isinstance(current, list):
        current = {name: True for name in current}
    _merge_json(page, {"disabledExtensions": {**current, **{n: True for n in hidden}}})
    _server_config(folder, learner=True)


def write_trainer_config(folder: Path) -> None:
    """Trainer settings into a Jupyter config folder: the course's contents manager only."""
    _server_config(Path(folder), learner=False)


def write_user_settings(folder: Path, role: str) -> None:
    """Course defaults into a JupyterLab user-settings folder; a user's own choices are kept."""
    settings = dict(USER_SETTINGS)
    settings.update(TRAINER_SETTINGS if role == "pelatih" else LEARNER_SETTINGS)
    for rel, data in settings.items():
        path = Path(folder) / rel
        if not path.exists():
            _write_json(path, data)


def _user_settings(role: str, prefix: Path) -> None:
    write_user_settings(user_settings_dir(role, prefix), role)
    workspaces_dir(role, prefix).mkdir(parents=True, exist_ok=True)


def create_exchange(path: Path = EXCHANGE) -> Path:
    """nbgrader's exchange for one computer (``Exchange.root`` in nbgrader_config.py)."""
    path.mkdir(parents=True, exist_ok=True)
    return path


def configure(prefix: Path | None = None) -> None:
    prefix = Path(prefix or sys.prefix)
    overrides = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    current = _read_json(overrides)
    current.setdefault("@jupyterlab/translation-extension:plugin", {})["locale"] = LOCALE
    _write_json(overrides, current)

    from kemitraan_lab import terjemahan

    terjemahan.install(prefix)
    for role in ROLES:
        _user_settings(role, prefix)
    write_learner_config(config_dir("peserta", prefix), self_study=True)
    write_trainer_config(config_dir("pelatih", prefix))
    create_exchange()
    # Indonesian hints for everyday slips (issue 15) in every kernel of this environment.
    from kemitraan_lib.grading.hints import install as install_kernel_hints

    install_kernel_hints(prefix)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Siapkan JupyterLab untuk kursus.")
    parser.add_argument("--prefix", type=Path, default=None,
                        help="lingkungan Python yang disiapkan (bawaan: yang menjalankan ini)")
    parser.add_argument("--folder-peserta", type=Path, default=None, metavar="FOLDER",
                        help="hanya tulis pengaturan peserta ke folder konfigurasi Jupyter ini")
    parser.add_argument("--kelas", action="store_true",
                        help="dengan --folder-peserta: peserta di JupyterHub (daftar tugas tetap)")
    args = parser.parse_args(argv)
    if args.folder_peserta is not None:
        write_learner_config(args.folder_peserta, self_study=not args.kelas)
        # JupyterLab's default user-settings folder for a JUPYTER_CONFIG_DIR (the hub's).
        write_user_settings(args.folder_peserta / "lab" / "user-settings", "peserta")
        print(f"Pengaturan peserta ditulis di {args.folder_peserta}.")
        return
    configure(args.prefix)
    print(f"JupyterLab di {args.prefix or sys.prefix}: bahasa {LOCALE} (dengan terjemahan "
          "kursus, petunjuk salah ketik di setiap kernel), alat pelatih dan kunci jawaban "
          "disembunyikan untuk peserta.")


if __name__ == "__main__":
    main()
