"""Helpers for the attack tests: hostile submissions built from the released exercise.

An attack submission is the released notebook filled with the correct answers
(``grading_support.fill``), with the attack code put at the start of the first
code answer cell. The attack code never raises (it catches everything), so a
contained attack still lets the honest answers score: a contained attacker gets
exactly the honest score. The attack prints one line ``HASIL: {json}`` saying
what it could do; :func:`result_of` reads it back from the autograded notebook.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import socket
import textwrap
import threading
from html.parser import HTMLParser
from pathlib import Path

import grading_support as gs

RESULT_PREFIX = "HASIL: "
#: Set for this test session; the sandbox copies it into bwrap's environment so
#: :func:`sandbox_processes` finds this session's sandboxes and no other's.
MARKER_ENV = "KEMITRAAN_PENANDA"
os.environ.setdefault(MARKER_ENV, "uji-" + os.urandom(6).hex())


def first_code_answer(nb):
    """The first code cell that is an answer (nbgrader solution) cell."""
    return next(c for c in nb.cells if gs.nbg(c).get("solution") and c.cell_type == "code")


def first_markdown_answer(nb):
    """The first markdown answer cell (a written answer), or None."""
    return next((c for c in nb.cells
                 if gs.nbg(c).get("solution") and c.cell_type == "markdown"), None)


def with_attack(release_nb, source_nb, code: str, after: str = ""):
    """Correct answers everywhere, ``code`` first in the first code answer cell.

    ``after`` goes at the end of that cell, after the answer (e.g. an error that
    must reach the grader without costing the answer its points).
    """
    nb = gs.fill(release_nb, source_nb)
    cell = first_code_answer(nb)
    cell.source = textwrap.dedent(code).strip() + "\n\n" + cell.source
    if after:
        cell.source += "\n" + textwrap.dedent(after).strip() + "\n"
    return nb


def with_markdown(release_nb, source_nb, text: str):
    """Correct answers, ``text`` in markdown the participant wrote.

    Written answers are code cells since issue 15, so ``text`` goes into a markdown
    answer cell if the assignment still has one, else into a markdown cell the
    participant added after the first answer (nbgrader keeps added cells, and the
    feedback and formgrader render them).
    """
    nb = gs.fill(release_nb, source_nb)
    cell = first_markdown_answer(nb)
    if cell is None:
        import nbformat

        cell = nbformat.v4.new_markdown_cell(text)
        nb.cells.insert(nb.cells.index(first_code_answer(nb)) + 1, cell)
    cell.source = text
    return nb


def with_output_cell_code(release_nb, source_nb, code: str):
    """Correct answers; ``code`` (no try/except needed) first in the first answer cell."""
    return with_attack(release_nb, source_nb, code)


def attack(body: str) -> str:
    """Wrap ``body`` (which fills the dict ``hasil``) so it never raises and reports."""
    return (
        "import json as _json\n"
        "hasil = {}\n"
        "try:\n"
        + textwrap.indent(textwrap.dedent(body).strip(), "    ") + "\n"
        "except BaseException as _e:  # noqa\n"
        "    hasil['gagal'] = repr(_e)[:300]\n"
        f"print({RESULT_PREFIX!r} + _json.dumps(hasil, default=str))\n"
    )


def result_of(nb) -> dict | None:
    """The attack's ``HASIL`` dict from an executed notebook (None if absent)."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                for line in out.get("text", "").splitlines():
                    if line.startswith(RESULT_PREFIX):
                        return json.loads(line[len(RESULT_PREFIX):])
    return None


def outputs_text(nb) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            parts.append(json.dumps(out.get("data", {})))
            parts.append(out.get("evalue", ""))
    return "\n".join(parts)


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def tree_digest(folder: Path) -> dict[str, str]:
    """relative path -> sha256 of every file under ``folder``."""
    return {str(p.relative_to(folder)): sha256(p) for p in sorted(folder.rglob("*"))
            if p.is_file()}


def processes_with(marker: str) -> list[int]:
    """Pids whose command line contains ``marker`` (any user)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        if marker.encode() in cmdline and int(entry) != os.getpid():
            found.append(int(entry))
    return found


def sandbox_processes() -> list[int]:
    """Pids of this test session's sandboxes still alive (bwrap and all inside).

    A sandbox is a PID namespace whose bwrap process carries this session's
    marker in its environment; every process in such a namespace counts.
    """
    own = os.readlink("/proc/self/ns/pid")
    tag = f"{MARKER_ENV}={os.environ[MARKER_ENV]}".encode()
    by_ns: dict[str, list[int]] = {}
    ours: set[str] = set()
    outer: list[int] = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            ns = os.readlink(f"/proc/{entry}/ns/pid")
            environ = Path(f"/proc/{entry}/environ").read_bytes()
            state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state in ("Z", "X"):  # dead, waiting for the host's init to reap it
            continue
        marked = tag in environ.split(b"\0")
        if ns == own:
            if marked and b"bwrap" in Path(f"/proc/{entry}/cmdline").read_bytes():
                outer.append(int(entry))
            continue
        by_ns.setdefault(ns, []).append(int(entry))
        if marked:
            ours.add(ns)
    return sorted(outer + [p for ns in ours for p in by_ns[ns]])


class Listener:
    """A TCP server on 127.0.0.1 that records every connection (for the network attack)."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.5)
        self.port = self.sock.getsockname()[1]
        self.received: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.received.append(conn.recv(65536) or b"(connected)")
                except OSError:
                    self.received.append(b"(connected)")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sock.close()


def copy_nb(nb):
    return copy.deepcopy(nb)


class _Scanner(HTMLParser):
    """Collects real tags/attributes that could run code or load something."""

    BAD_TAGS = {"script", "iframe", "object", "embed", "form", "base", "link", "frame",
                "applet", "svg", "math"}

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BAD_TAGS:
            self.found.append(f"<{tag}>")
        if tag == "meta" and any(k == "http-equiv" and (v or "").lower() == "refresh"
                                 for k, v in attrs):
            self.found.append("<meta refresh>")
        for key, value in attrs:
            value = (value or "").strip().lower()
            if key.startswith("on"):
                self.found.append(f"{tag} {key}=")
            if key in ("href", "src", "action", "formaction", "xlink:href") and (
                    value.startswith(("javascript:", "vbscript:"))
                    or (key != "href" and not value.startswith("data:"))):
                self.found.append(f"{tag} {key}={value[:40]}")


def dangerous_markup(text: str) -> list[str]:
    """Tags and attributes in ``text`` (real markup, not escaped text) that are unsafe."""
    scanner = _Scanner()
    scanner.feed(text)
    return scanner.found
