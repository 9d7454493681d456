"""Unix accounts of a class: one per participant and grader, like The Littlest JupyterHub.

``make kelas`` as root creates ``<prefix><id>`` (default ``jupyter-p01``) for
every participant and grader: a system account (hidden from login screens,
locked password, no login except through the hub) whose home is the class's
``rumah/<id>``. Graders are also in the group ``<prefix>penilai``, the only
group that may open the course folder. Accounts made by an earlier class are
reused; an account of the same name that ``make kelas`` did not make is never
taken over.
"""

from __future__ import annotations

import grp
import os
import pwd
import re
import subprocess
import time
from pathlib import Path

from .plan import ClassPlan, KelasError

__all__ = [
    "MARK", "PREFIX_PATTERN", "check_prefix", "ensure_accounts", "account", "demote",
    "remove_accounts", "processes_of",
]

MARK = "Kelas Kemitraan"  # the GECOS field of every account we make
PREFIX_PATTERN = re.compile(r"^[a-z][a-z0-9]{0,15}-$")
MAX_NAME = 32  # Linux user names


def check_prefix(prefix: str, users: list[str]) -> str:
    """The account prefix, if it and every resulting name are valid Unix names."""
    if not PREFIX_PATTERN.match(prefix):
        raise KelasError(
            f"Awalan akun '{prefix}' tidak sah: pakai huruf kecil dan angka diakhiri tanda "
            "minus, paling panjang 16 karakter (bawaan: jupyter-)."
        )
    too_long = [u for u in [*users, "penilai"] if len(prefix + u) > MAX_NAME]
    if too_long:
        raise KelasError(
            f"Nama akun komputer paling panjang {MAX_NAME} karakter; '{prefix}{too_long[0]}' "
            f"terlalu panjang. Perpendek ID '{too_long[0]}' di daftar, atau pakai awalan akun "
            "yang lebih pendek (--awalan-akun)."
        )
    return prefix


def account(name: str) -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam(name)
    except KeyError:
        return None


def _run(cmd: list[str], what: str) -> None:
    """Run a shadow-utils command; retry while another process holds /etc/passwd's lock."""
    deadline = time.monotonic() + 60
    while True:
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode == 0:
            return
        busy = "lock" in result.stderr.lower() or result.returncode == 10
        if not busy or time.monotonic() > deadline:
            raise KelasError(f"{what} gagal ({' '.join(cmd)}): {result.stderr.strip()}")
        time.sleep(0.2)


def _ensure_group(name: str) -> int:
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        _run(["groupadd", "--system", name], f"Membuat grup '{name}'")
        return grp.getgrnam(name).gr_gid


def ensure_accounts(plan: ClassPlan, say=print) -> None:
    """Create (or reuse) the Unix account of every participant and grader; homes ready.

    Homes are ``rumah/<id>`` in the class folder, owned by the account, mode 700.
    Only graders are members of the graders' group (a participant who was a
    grader in an earlier class is taken out of it).
    """
    group = plan.grader_group
    gid = _ensure_group(group)
    plan.homes.mkdir(parents=True, exist_ok=True)
    os.chown(plan.homes, 0, 0)
    os.chmod(plan.homes, 0o711)  # nobody lists the homes; each opens only their own
    created = 0
    for user in plan.users:
        name = plan.unix_name(user)
        home = plan.home(user)
        existing = account(name)
        if existing is None:
            _run(["useradd", "--system", "--no-create-home", "--home-dir", str(home),
                  "--shell", "/bin/bash", "--user-group", "--comment", MARK, name],
                 f"Membuat akun '{name}'")
            created += 1
        elif not existing.pw_gecos.startswith(MARK):
            raise KelasError(
                f"Akun komputer '{name}' sudah ada dan bukan buatan make kelas. Akun itu tidak "
                "akan dipakai untuk kelas. Pakai awalan akun lain (--awalan-akun) atau ganti "
                f"ID '{user}' di daftar."
            )
        elif existing.pw_dir != str(home):
            _run(["usermod", "--home", str(home), name], f"Mengubah folder rumah '{name}'")
        info = pwd.getpwnam(name)
        _own_home(home, info.pw_uid, info.pw_gid)
        members = grp.getgrgid(gid).gr_mem
        if user in plan.graders and name not in members:
            _run(["gpasswd", "--add", name, group], f"Memasukkan '{name}' ke grup '{group}'")
        elif user not in plan.graders and name in members:
            _run(["gpasswd", "--delete", name, group], f"Mengeluarkan '{name}' dari '{group}'")
    if created:
        say(f"Akun komputer dibuat: {created} (awalan '{plan.account_prefix}').")


def _own_home(home: Path, uid: int, gid: int) -> None:
    """The home folder itself belongs to its account, mode 700 (never following a link)."""
    try:
        st = os.lstat(home)
    except FileNotFoundError:
        os.mkdir(home, 0o700)
        st = os.lstat(home)
    if not os.path.isdir(home) or os.path.islink(home):
        raise KelasError(f"'{home}' bukan folder; pindahkan lalu jalankan lagi.")
    if (st.st_uid, st.st_gid) != (uid, gid):
        os.chown(home, uid, gid, follow_symlinks=False)
    os.chmod(home, 0o700)


def demote(unix_name: str, umask: int = 0o077):
    """A ``preexec_fn`` that runs the child as ``unix_name`` (groups included) in its home."""
    info = pwd.getpwnam(unix_name)
    groups = os.getgrouplist(unix_name, info.pw_gid)

    def preexec() -> None:
        os.setgid(info.pw_gid)
        os.setgroups(groups)
        os.setuid(info.pw_uid)
        os.umask(umask)

    return preexec


def processes_of(uids: set[int]) -> list:
    """Running processes (psutil) owned by any of ``uids``."""
    import psutil

    out = []
    for p in psutil.process_iter(["uids"]):
        try:
            if p.info["uids"] and p.info["uids"].real in uids:
                out.append(p)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return out


def remove_accounts(prefix: str) -> list[str]:
    """``userdel -r`` every account made by ``make kelas`` with ``prefix``; then the group.

    Processes still running as those accounts are killed first. Returns the
    names removed. Used by the tests and benchmarks for their throw-away classes;
    for a real class the trainer decides (their homes hold participants' work).
    """
    import psutil

    names = [p.pw_name for p in pwd.getpwall()
             if p.pw_name.startswith(prefix) and p.pw_gecos.startswith(MARK)]
    uids = {pwd.getpwnam(n).pw_uid for n in names}
    for p in processes_of(uids):
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(processes_of(uids), timeout=10)
    for name in names:
        subprocess.run(["userdel", "--remove", "--force", name], capture_output=True)
    try:
        grp.getgrnam(f"{prefix}penilai")
        subprocess.run(["groupdel", f"{prefix}penilai"], capture_output=True)
    except KeyError:
        pass
    return names
