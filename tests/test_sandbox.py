"""The sandbox kernel manager on its own: output budget, submission copy, plain nbclient use.

The attacks through real nbgrader are in ``test_sandbox_attacks.py``; a grader
that is not root is in ``test_sandbox_nonroot.py``.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import attack_support as at
import nbformat
import pytest

from kemitraan_lib.grading import sandbox as sb

needs_bwrap = pytest.mark.skipif(
    shutil.which("bwrap") is None and os.environ.get("CI") != "true",
    reason="bubblewrap (bwrap) tidak terpasang: tools/install-system-deps.sh")


def _stream(text, parent="a", name="stdout"):
    return {"msg_type": "stream", "header": {"msg_type": "stream"},
            "parent_header": {"msg_id": parent}, "content": {"name": name, "text": text}}


def _rich(data, parent="a"):
    return {"msg_type": "display_data", "header": {"msg_type": "display_data"},
            "parent_header": {"msg_id": parent}, "content": {"data": data, "metadata": {}}}


def test_budget_cuts_long_cell_output_with_indonesian_note_and_drops_the_rest():
    events = []
    budget = sb.OutputBudget(10_000, 5, 1000, lambda kind, msg: events.append(kind))
    msg = budget.filter(_stream("baris\n" * 20))
    assert msg["content"]["text"].count("baris\n") == 5
    assert "keluaran sel ini dipotong" in msg["content"]["text"]
    later = budget.filter(_stream("lagi\n"))
    assert later["msg_type"] == "execute_input"  # nbclient ignores it
    other_cell = budget.filter(_stream("sel lain\n", parent="b"))
    assert other_cell["content"]["text"] == "sel lain\n"
    assert events == ["output"]


def test_budget_for_the_whole_notebook_and_rich_outputs():
    budget = sb.OutputBudget(1000, 1000, 100_000)
    assert budget.filter(_stream("x" * 600, parent="a"))["content"]["text"] == "x" * 600
    msg = budget.filter(_stream("y" * 600, parent="b"))["content"]["text"]
    assert msg.startswith("y" * 400) and "lebih dari 1000 byte keluaran" in msg
    assert "keluaran dipotong" in msg
    rich = budget.filter(_rich({"text/html": "<b>" + "z" * 5000 + "</b>"}, parent="c"))
    assert list(rich["content"]["data"]) == ["text/plain"]
    assert "dipotong" in rich["content"]["data"]["text/plain"]
    assert budget.truncated


def test_budget_keeps_errors_but_shortens_them():
    events = []
    budget = sb.OutputBudget(100, 10, 100, lambda kind, msg: events.append(kind))
    msg = {"msg_type": "error", "parent_header": {"msg_id": "a"},
           "content": {"ename": "MemoryError", "evalue": "v" * 10_000,
                       "traceback": ["t" * 10_000] * 200}}
    out = budget.filter(msg)["content"]
    assert out["ename"] == "MemoryError" and len(out["evalue"]) < 2100
    assert len(out["traceback"]) <= 61 and all(len(t) <= 2000 for t in out["traceback"])
    assert events == ["error"]


def test_submission_copy_leaves_out_notebooks_code_and_links(tmp_path):
    src = tmp_path / "kiriman"
    (src / "data").mkdir(parents=True)
    (src / "data" / "tabel.csv").write_text("a,b\n")
    (src / "tugas.ipynb").write_text("{}")
    (src / "kemitraan_lib").mkdir()
    (src / "kemitraan_lib" / "__init__.py").write_text("")
    (src / "checks.py").write_text("")
    (src / "kunci").symlink_to("/etc/hostname")
    (src / "besar.bin").write_bytes(b"0" * 5000)
    dst = tmp_path / "salinan"
    assert sb._copy_submission(src, dst, max_bytes=1000) is False  # besar.bin left out
    files = sorted(str(p.relative_to(dst)) for p in dst.rglob("*") if p.is_file())
    assert files == ["data/tabel.csv"]


def test_kernel_environment_is_an_allowlist():
    env = sb.SandboxKernelManager._kernel_env(
        {"JUPYTERHUB_API_TOKEN": "x", "NBGRADER_EXECUTION": "autograde", "LANG": "id_ID.UTF-8",
         "KEMITRAAN_KURSUS": "/srv/kursus", "KEMITRAAN_MODE": "ujian", "HOME": "/root",
         "PYTHONPATH": "/srv/kursus"}, "/opt/venv/bin/python")
    assert "JUPYTERHUB_API_TOKEN" not in env and "KEMITRAAN_KURSUS" not in env
    assert env["NBGRADER_EXECUTION"] == "autograde" and env["KEMITRAAN_MODE"] == "ujian"
    assert env["HOME"] == "/tmp" and "PYTHONPATH" not in env
    assert env["PATH"].startswith("/opt/venv/bin:")


def test_guard_refuses_a_mount_that_holds_the_course(tmp_path):
    km = sb.SandboxKernelManager(extra_ro_paths=[str(tmp_path)])
    (tmp_path / "ipc").mkdir()
    with pytest.raises(sb.SandboxUnavailable, match="memuat folder kursus"):
        km.sandbox_command([sys.executable, "-m", "ipykernel_launcher"], tmp_path, tmp_path,
                           {}, cwd=tmp_path / "autograded" / "p01" / "tugas")


@needs_bwrap
def test_plain_nbclient_use_with_a_working_folder(tmp_path):
    """How a trusted re-check (issue 10 item 2) starts the sandbox without nbgrader."""
    from nbclient import NotebookClient

    folder = tmp_path / "kiriman"
    folder.mkdir()
    (folder / "nilai.csv").write_text("a\n1\n")
    (folder / "tugas.ipynb").write_text("{}")
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import os; print(sorted(os.listdir('.')), os.getcwd())"),
        nbformat.v4.new_code_cell("import kemitraan_lib.grading.checks as c; print('ok')"),
        nbformat.v4.new_code_cell(f"print(os.path.exists({str(tmp_path)!r}))"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    client = NotebookClient(nb, kernel_manager_class=sb.SandboxKernelManager, timeout=60,
                            resources={"metadata": {"path": str(folder)}},
                            on_notebook_start=sb.attach_notebook)
    client.execute()
    texts = [c.outputs[0]["text"] for c in nb.cells]
    assert texts[0].strip() == "['nilai.csv'] /kiriman"
    assert texts[1].strip() == "ok"
    assert texts[2].strip() == "False"
    assert at.sandbox_processes() == []
    assert nb.metadata.get("kemitraan", {}).get("flags", []) == []


async def _start_and_stop(tmp_path: Path):
    km = sb.SandboxKernelManager(kernel_name="python3")
    await km.start_kernel(cwd=str(tmp_path))
    kc = km.client()
    kc.start_channels()
    await kc.wait_for_ready(timeout=60)
    pids = km.leftover_pids()
    kc.stop_channels()
    await km.shutdown_kernel()
    return pids, km.leftover_pids()


@needs_bwrap
def test_start_kernel_directly_and_nothing_is_left(tmp_path):
    import asyncio

    during, after = asyncio.run(_start_and_stop(tmp_path))
    assert len(during) >= 2  # bwrap's init and the kernel
    assert after == []
    assert at.sandbox_processes() == []


@needs_bwrap
def test_sandbox_problem_is_none_here():
    assert sb.sandbox_problem() is None


def test_missing_bwrap_is_explained_in_indonesian(monkeypatch):
    problem = sb.sandbox_problem("tidak-ada-bwrap")
    assert problem == "perintah 'tidak-ada-bwrap' tidak ditemukan."
    km = sb.SandboxKernelManager(bwrap="tidak-ada-bwrap", allow_unsandboxed=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    with pytest.raises(sb.SandboxUnavailable, match="sudo apt-get install bubblewrap"):
        km._want_sandbox()
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    assert km._want_sandbox() is False  # a participant validating their own work
    km = sb.SandboxKernelManager(bwrap="tidak-ada-bwrap", allow_unsandboxed=True)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    assert km._want_sandbox() is False
    assert sb.FLAG_UNSANDBOXED in km.sandbox_flags


def test_guard_knows_nbgraders_course_root(tmp_path):
    from traitlets.config import Config

    config = Config()
    config.CourseDirectory.root = str(tmp_path / "kursus")
    (tmp_path / "kursus").mkdir()
    (tmp_path / "ipc").mkdir()
    km = sb.SandboxKernelManager(config=config, extra_ro_paths=[str(tmp_path)])
    assert km.course_root == str(tmp_path / "kursus")
    with pytest.raises(sb.SandboxUnavailable, match="memuat folder kursus"):
        km.sandbox_command([sys.executable, "-m", "ipykernel_launcher"], tmp_path, tmp_path, {})


def _run_cells(tmp_path, cells, **km_config):
    """Run ``cells`` in a sandboxed kernel configured with ``km_config``; (nb, error)."""
    from nbclient import NotebookClient
    from traitlets.config import Config

    config = Config()
    for key, value in km_config.items():
        setattr(config.SandboxKernelManager, key, value)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    client = NotebookClient(nb, kernel_manager_class=sb.SandboxKernelManager, timeout=60,
                            allow_errors=True, config=config,
                            resources={"metadata": {"path": str(tmp_path)}},
                            on_notebook_start=sb.attach_notebook)
    error = None
    try:
        client.execute()
    except Exception as exc:  # the kernel was killed: nbclient gives up
        error = exc
    return nb, error


@needs_bwrap
def test_file_size_limit_is_flagged(tmp_path):
    nb, error = _run_cells(tmp_path, ["open('besar.bin', 'wb').write(b'0' * 40_000_000)"],
                           file_mb=16)
    assert error is None
    assert nb.cells[0].outputs[0]["ename"] == "OSError"  # [Errno 27] File too large
    assert sb.FLAG_FILESIZE.format(mb=16) in nb.metadata["kemitraan"]["flags"]


@needs_bwrap
def test_cpu_time_limit_kills_the_kernel(tmp_path):
    nb, error = _run_cells(tmp_path, ["while True:\n    pass"], cpu_seconds=2)
    assert error is not None  # DeadKernelError: the submission is not scored
    assert sb.FLAG_DIED in nb.metadata["kemitraan"]["flags"]
    assert at.sandbox_processes() == []


@needs_bwrap
def test_wall_clock_limit_kills_a_sleeping_kernel(tmp_path):
    nb, error = _run_cells(tmp_path, ["import time\ntime.sleep(30)"], wall_seconds=4)
    assert error is not None
    assert sb.FLAG_WALL.format(s=4) in nb.metadata["kemitraan"]["flags"]
    assert at.sandbox_processes() == []
