"""The contents manager of the course's JupyterLab servers.

Two jobs, both about what a learner sees in the file browser and the notebook tabs:

* **A notebook opened and closed is unchanged.** JupyterLab writes the kernel's
  ``language_info`` (with the exact Python version) into the notebook's metadata
  as soon as the kernel starts, which marks every course notebook as modified and
  makes closing it ask to save. The course keeps ``language_info`` minimal
  (``{"name": "python"}``) in its files; this manager hands JupyterLab the full
  block that this Python's ipykernel reports, so nothing changes on open, and puts
  the minimal block back on save, so a save without edits leaves the file as it was.
  The kernel's display name is handed over as the installed kernel spec has it
  (nbgrader's releases say "Python 3", the kernel "Python 3 (ipykernel)").
* **Hidden globs are hidden for real.** jupyter-server's ``hide_globs`` only filters
  directory listings; here a path with any part matching ``hide_globs`` is also
  "hidden" (and does not exist) for the contents API, ``/files/``, ``/view/`` and
  ``/nbconvert/`` (404), so ``solutions/`` cannot be opened by typing its URL in the
  learner view.
"""

from __future__ import annotations

import os
import sys
from fnmatch import fnmatch

from jupyter_server.base.handlers import AuthenticatedFileHandler
from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
from tornado import web
from traitlets import default

__all__ = ["KursusContentsManager", "COURSE_LANGUAGE_INFO", "kernel_language_info"]

# What the course's committed notebooks carry (tests/test_course_files.py checks it).
COURSE_LANGUAGE_INFO = {"name": "python"}


def kernel_language_info() -> dict:
    """``language_info`` as ipykernel reports it for this Python (see ipykernel.ipkernel)."""
    return {
        "codemirror_mode": {"name": "ipython", "version": sys.version_info[0]},
        "file_extension": ".py",
        "mimetype": "text/x-python",
        "name": "python",
        "nbconvert_exporter": "python",
        "pygments_lexer": "ipython3",
        "version": sys.version.split()[0],
    }


def _globbed(path: str, globs) -> bool:
    parts = [p for p in path.replace(os.sep, "/").strip("/").split("/") if p]
    return any(fnmatch(part, glob) for part in parts for glob in globs)


class KursusFileHandler(AuthenticatedFileHandler):
    """``/files/...`` (raw downloads) refusing hidden globs like the contents API."""

    def validate_absolute_path(self, root: str, absolute_path: str) -> str:
        abs_path = super().validate_absolute_path(root, absolute_path)
        cm = self.contents_manager
        relative = os.path.relpath(abs_path, os.path.abspath(root))
        if not cm.allow_hidden and _globbed(relative, cm.hide_globs):
            raise web.HTTPError(404)
        return abs_path


class KursusContentsManager(AsyncLargeFileManager):
    """jupyter-server's default contents manager with the two course rules above."""

    @default("files_handler_class")
    def _files_handler_class_default(self):
        return KursusFileHandler

    def _globbed(self, path: str) -> bool:
        return _globbed(path, self.hide_globs)

    async def is_hidden(self, path):
        if self._globbed(path):
            return True
        return await super().is_hidden(path)

    async def file_exists(self, path=""):
        if not self.allow_hidden and self._globbed(path):
            return False
        return await super().file_exists(path)

    async def dir_exists(self, path):
        if not self.allow_hidden and self._globbed(path):
            return False
        return await super().dir_exists(path)

    async def get(self, path, content=True, type=None, format=None, require_hash=False):
        if not self.allow_hidden and self._globbed(path):
            raise web.HTTPError(404, f"No such file or directory: {path}")
        model = await super().get(path, content=content, type=type, format=format,
                                  require_hash=require_hash)
        if model.get("type") == "notebook" and model.get("content") is not None:
            metadata = model["content"].setdefault("metadata", {})
            if metadata.get("language_info") == COURSE_LANGUAGE_INFO:
                metadata["language_info"] = kernel_language_info()
            spec = metadata.get("kernelspec")
            if isinstance(spec, dict):
                display = self._kernel_display_name(spec.get("name"))
                if display:  # e.g. nbgrader's "Python 3" for "Python 3 (ipykernel)"
                    spec["display_name"] = display
        return model

    def _kernel_display_name(self, name) -> str | None:
        """The display name JupyterLab will write for kernel ``name`` (None if unknown)."""
        specs = getattr(self.parent, "kernel_spec_manager", None)
        if not name or specs is None:
            return None
        try:
            return specs.get_kernel_spec(name).display_name
        except Exception:  # noqa: BLE001 - no such kernel: leave the metadata alone
            return None

    async def save(self, model, path=""):
        if not self.allow_hidden and self._globbed(path):
            raise web.HTTPError(404, f"No such file or directory: {path}")
        if model.get("type") == "notebook" and isinstance(model.get("content"), dict):
            metadata = model["content"].get("metadata") or {}
            if metadata.get("language_info") == kernel_language_info():
                metadata["language_info"] = dict(COURSE_LANGUAGE_INFO)
        return await super().save(model, path)
