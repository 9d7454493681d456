"""nbgrader's collect for a class with one Unix account per participant.

A participant can file a submission under another participant's id (for
example ``nbgrader submit --student budi`` in a kernel): the exchange's inbound
folder is writable by everyone. nbgrader's own owner check only prints a
warning and compares the folder's owner with the student id, which never
matches ``jupyter-<id>`` accounts. ``OwnerCheckedCollect`` compares the owner
with ``<prefix><student id>`` (``KEMITRAAN_AKUN_AWALAN``), collects the newest
submission that the student really made, and leaves the others in the exchange
with a warning for the trainer. The graders' nbgrader config selects it with
``c.ExchangeFactory.collect``.
"""

from __future__ import annotations

import os
import pwd

from nbgrader.exchange.default.collect import ExchangeCollect
from traitlets import Unicode

__all__ = ["OwnerCheckedCollect"]


class OwnerCheckedCollect(ExchangeCollect):
    account_prefix = Unicode(
        os.environ.get("KEMITRAAN_AKUN_AWALAN", ""), config=True,
        help="Unix accounts are <prefix><student id>; empty: no owner check.",
    )

    def _owner(self, filename: str) -> str:
        try:
            uid = os.stat(os.path.join(self.inbound_path, filename)).st_uid
            return pwd.getpwuid(uid).pw_name
        except (KeyError, OSError):
            return "?"

    def _path_to_record(self, path):
        record = super()._path_to_record(path)
        if self.account_prefix:
            owner = self._owner(record["filename"])
            record["owner"] = owner
            record["genuine"] = owner == f"{self.account_prefix}{record['username']}"
        else:
            record["genuine"] = True
        return record

    def _sort_by_timestamp(self, records):
        # newest genuine submission first; forged ones only after every genuine one
        return sorted(records, key=lambda r: (r.get("genuine", True), r["timestamp"]),
                      reverse=True)

    def copy_files(self):
        kept = []
        for rec in self.src_records:
            if rec.get("genuine", True):
                kept.append(rec)
            else:
                self.log.warning(
                    "Kiriman %s mengaku milik peserta '%s' tetapi dikirim oleh akun '%s': "
                    "tidak dikumpulkan (kemungkinan kecurangan).",
                    rec["filename"], rec["username"], rec.get("owner", "?"))
        self.src_records = kept
        check, self.check_owner = self.check_owner, False  # checked above, with the prefix
        try:
            super().copy_files()
        finally:
            self.check_owner = check
