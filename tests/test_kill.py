"""A save killed with SIGKILL at any moment leaves the old map or the new map, never a mix.

A map saved as CSV is two files (``peta.csv`` and ``peta-hubungan.csv``); they
are replaced as one group (kemitraan_lib.atomic.atomic_write_group). The
tests fork a child that saves, kill it with SIGKILL, and read the map back:

* at random moments while the child saves the two maps in turn, over and over;
* at every step of one save (every fsync, rename and removal), one kill per step.

The old and the new map have different partners, and each map's links name
only its own partners, so a mixed pair could not even be read.
"""

from __future__ import annotations

import os
import random
import signal
import time

import pytest

from kemitraan_lib import atomic, files
from kemitraan_lib.network import PartnerNetwork

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork (POSIX)")


def make_map(tag: str, n: int = 150) -> PartnerNetwork:
    net = PartnerNetwork(title=f"Peta {tag}")
    for i in range(n):
        net.add_partner(name=f"{tag} mitra {i:03d}", category="kelompok", influence=i % 6,
                        notes=f"catatan {tag} {i}; " * 5)
    for i in range(1, n):
        net.add_link(f"{tag} mitra {i - 1:03d}", f"{tag} mitra {i:03d}", "informasi")
    return net


OLD, NEW = make_map("Lama"), make_map("Baru")


def state_of(path) -> str:
    """'old' or 'new': what a reader sees now (a mixed or broken pair fails the test)."""
    back = files.load_network(path)
    for name, net in (("old", OLD), ("new", NEW)):
        if back.partners == net.partners and back.links == net.links:
            return name
    raise AssertionError(f"neither the old nor the new map: {len(back)} partners")


def run_child(body) -> int:
    """Fork; the child runs ``body`` and exits; returns the child's pid."""
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        try:
            body()
        finally:
            os._exit(0)
    return pid


def kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)


def leftovers(folder) -> list[str]:
    """Temporary files and journals a killed save left behind (before anyone reads)."""
    return [p.name for p in folder.iterdir() if p.name.startswith(".")]


def test_killed_at_random_moments_leaves_the_old_or_the_new_pair(tmp_path):
    path = tmp_path / "peta.csv"
    files.save_network(OLD, path)
    start = time.perf_counter()
    files.save_network(NEW, tmp_path / "ukur.csv")
    one_save = max(time.perf_counter() - start, 0.002)
    rng = random.Random(9)
    seen = {"old": 0, "new": 0}
    inside_a_save = kills = 0
    deadline = time.monotonic() + 12
    while kills < 80 and time.monotonic() < deadline:

        def save_forever():
            while True:
                files.save_network(NEW, path)
                files.save_network(OLD, path)

        pid = run_child(save_forever)
        time.sleep(rng.uniform(0, 4 * one_save))
        kill(pid)
        kills += 1
        inside_a_save += bool(leftovers(tmp_path))
        seen[state_of(path)] += 1
    assert kills >= 20, "too few kills to mean anything"
    assert inside_a_save >= 3, (inside_a_save, kills)  # the kills really fell inside saves
    assert sum(seen.values()) == kills


def test_killed_at_every_step_of_a_save_leaves_the_old_or_the_new_pair(tmp_path):
    calls = ("fsync", "replace", "unlink")
    outcomes = []
    step = 1
    while step < 40:
        folder = tmp_path / f"langkah-{step}"
        folder.mkdir()
        path = folder / "peta.csv"
        files.save_network(OLD, path)

        def save_and_die_at_step(step=step, path=path):
            counter = {"n": 0}
            real = {name: getattr(os, name) for name in calls}

            def counted(name):
                def call(*args, **kwargs):
                    counter["n"] += 1
                    if counter["n"] == step:
                        os.kill(os.getpid(), signal.SIGKILL)
                    return real[name](*args, **kwargs)
                return call

            for name in calls:
                setattr(atomic.os, name, counted(name))
            files.save_network(NEW, path)
            os._exit(3)  # the save finished before reaching this step

        pid = run_child(save_and_die_at_step)
        _, status = os.waitpid(pid, 0)
        finished = os.WIFEXITED(status) and os.WEXITSTATUS(status) == 3
        outcomes.append(state_of(path))
        if finished:
            assert outcomes[-1] == "new"
            break
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        step += 1
    assert finished, "the save needs more steps than the test tries"
    assert "old" in outcomes and outcomes[-1] == "new", outcomes
    assert step > 5  # several kill points: temp files, journal, each rename, cleanup
