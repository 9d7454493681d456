"""The partner map over time: dated snapshots and a comparison of any two.

A :class:`MapSnapshot` is a copy of a partner map with its date (ISO
``YYYY-MM-DD``) and a short label ("Awal program", "Ekspor rencana"). The
mapper saves one on request (a button) and the plan export saves one each time
(:data:`kemitraan_lib.answers.PETA_BERTANGGAL`; a snapshot of the same date and
label replaces the older one).

:func:`compare` lists what changed between two maps: partners and links added
and removed, influence/interest/support changes, quadrant moves, changes in
the broker ranking (highest betweenness) and isolated partners that got
connected. :func:`comparison_rows` gives the same as table rows (Indonesian
headers).

>>> from kemitraan_lib.network import PartnerNetwork
>>> old = PartnerNetwork(title="Peta")
>>> _ = old.add_partner(name="KTH", category="kelompok", influence=2)
>>> _ = old.add_partner(name="Desa", category="pemerintah", influence=4)
>>> new = old.copy()
>>> _ = new.add_link("KTH", "Desa", "pembinaan")
>>> _ = new.update_partner("KTH", influence=4)
>>> c = compare(old, new)
>>> c.links_added[0].type, c.connected, c.changes[0].field
('pembinaan', ('KTH', 'Desa'), 'pengaruh')
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from kemitraan_lib.errors import InvalidValueError, show
from kemitraan_lib.network import PartnerNetwork, Snapshot

__all__ = [
    "MapSnapshot",
    "Change",
    "Comparison",
    "take_snapshot",
    "snapshot_from_dict",
    "add_snapshot",
    "compare",
    "comparison_rows",
    "summary_text",
    "saved_snapshots",
    "save_snapshot",
    "BROKER_TOP",
    "COMPARISON_COLUMNS",
    "MAX_SNAPSHOTS",
]

BROKER_TOP = 5
MAX_SNAPSHOTS = 60
MAX_LABEL = 80
COMPARISON_COLUMNS = ("perubahan", "mitra atau hubungan", "sebelum", "sesudah")


def _date(value) -> str:
    if value is None:
        return dt.date.today().isoformat()
    from kemitraan_lib.kesehatan import parse_date

    return parse_date(value)


def _label(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidValueError(f"Keterangan peta harus berupa teks; nilai {show(value)} tidak "
                                "diterima.", field="keterangan", value=value)
    text = " ".join(value.split())
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in text):
        raise InvalidValueError("Keterangan peta berisi tanda kendali; hapus tanda itu.",
                                field="keterangan", value=value)
    if len(text) > MAX_LABEL:
        raise InvalidValueError(f"Keterangan peta terlalu panjang ({len(text)} huruf); paling "
                                f"banyak {MAX_LABEL}.", field="keterangan", value=value)
    return text


def _network(value, what: str = "Peta") -> PartnerNetwork:
    if isinstance(value, MapSnapshot):
        return value.network
    if isinstance(value, Snapshot):
        from kemitraan_lib.files import document, from_document

        return from_document(document(value))
    if not isinstance(value, PartnerNetwork):
        raise InvalidValueError(f"{what} harus berupa peta mitra (PartnerNetwork) atau foto peta "
                                f"bertanggal; nilai {show(value)} tidak diterima.", field="peta",
                                value=value, allowed=("PartnerNetwork", "MapSnapshot"))
    return value


@dataclass(frozen=True)
class MapSnapshot:
    """A dated copy of a partner map."""

    date: str
    label: str
    network: PartnerNetwork = field(compare=False)

    @property
    def name(self) -> str:
        return f"{self.date} · {self.label}" if self.label else self.date

    def to_dict(self) -> dict:
        from kemitraan_lib.files import document

        return {"tanggal": self.date, "keterangan": self.label,
                "peta": document(self.network)}


def take_snapshot(network, date=None, label="") -> MapSnapshot:
    """A dated copy of ``network`` (later changes to the map do not touch it)."""
    net = _network(network)
    return MapSnapshot(_date(date), _label(label), net.copy())


def snapshot_from_dict(data) -> MapSnapshot:
    """A :class:`MapSnapshot` from its stored form ``{"tanggal", "keterangan", "peta"}``."""
    if isinstance(data, MapSnapshot):
        return data
    if not isinstance(data, Mapping):
        raise InvalidValueError(f"Foto peta tersimpan harus berupa kamus; nilai {show(data)} "
                                "tidak diterima.", field="foto", value=data)
    from kemitraan_lib.files import from_document

    return MapSnapshot(_date(data.get("tanggal") or "tanpa tanggal"),
                       _label(data.get("keterangan", "")), from_document(data.get("peta")))


def add_snapshot(snapshots, snapshot) -> list[dict]:
    """The stored list with ``snapshot`` added (same date and label: replaced), oldest first."""
    if snapshots is None:
        snapshots = []
    if not isinstance(snapshots, (list, tuple)):
        raise InvalidValueError(f"Daftar foto peta harus berupa daftar; nilai {show(snapshots)} "
                                "tidak diterima.", field="foto", value=snapshots)
    new = snapshot_from_dict(snapshot)
    kept = [snapshot_from_dict(s) for s in snapshots]
    kept = [s for s in kept if (s.date, s.label) != (new.date, new.label)] + [new]
    kept.sort(key=lambda s: s.date)
    if len(kept) > MAX_SNAPSHOTS:
        kept = kept[-MAX_SNAPSHOTS:]  # the oldest photos give way; the latest are kept
    return [s.to_dict() for s in kept]


@dataclass(frozen=True)
class Change:
    """One partner's value that changed: ``field`` is pengaruh, kepentingan, dukungan or
    kuadran."""

    partner: str
    field: str
    before: object
    after: object


@dataclass(frozen=True)
class Comparison:
    """What changed from ``before`` to ``after`` (names as on the maps)."""

    partners_added: tuple[str, ...]
    partners_removed: tuple[str, ...]
    links_added: tuple  # Link objects of the later map
    links_removed: tuple  # Link objects of the earlier map
    changes: tuple[Change, ...]  # influence / interest / support
    quadrant_moves: tuple[Change, ...]
    brokers_before: tuple[str, ...]
    brokers_after: tuple[str, ...]
    connected: tuple[str, ...]  # isolated before, linked after

    @property
    def changed_partners(self) -> tuple[str, ...]:
        seen = dict.fromkeys(c.partner for c in self.changes + self.quadrant_moves)
        return tuple(seen)

    @property
    def empty(self) -> bool:
        return not (self.partners_added or self.partners_removed or self.links_added
                    or self.links_removed or self.changes or self.quadrant_moves
                    or self.brokers_before != self.brokers_after or self.connected)


def _link_key(net: PartnerNetwork, link) -> tuple:
    from kemitraan_lib.texts import identity

    ends = (identity(link.source), identity(link.target))
    if not link.is_directed:
        ends = tuple(sorted(ends))
    return (*ends, link.type, link.direction)


def compare(before, after) -> Comparison:
    """Compare two maps (networks or snapshots); partners are matched by name."""
    from kemitraan_lib import analysis, content

    old, new = _network(before, "Peta lama"), _network(after, "Peta baru")
    old_by = {p.key: p for p in old.partners}
    new_by = {p.key: p for p in new.partners}
    added = tuple(p.name for p in new.partners if p.key not in old_by)
    removed = tuple(p.name for p in old.partners if p.key not in new_by)
    old_links = {_link_key(old, link): link for link in old.links}
    new_links = {_link_key(new, link): link for link in new.links}
    links_added = tuple(link for k, link in new_links.items() if k not in old_links)
    links_removed = tuple(link for k, link in old_links.items() if k not in new_links)
    labels = content.labels(content.QUADRANTS)
    changes, moves = [], []
    for p in new.partners:
        was = old_by.get(p.key)
        if was is None:
            continue
        for attr, name in (("influence", "pengaruh"), ("interest", "kepentingan"),
                           ("support", "dukungan")):
            if getattr(was, attr) != getattr(p, attr):
                changes.append(Change(p.name, name, getattr(was, attr), getattr(p, attr)))
        q_old, q_new = analysis.quadrant(was).key, analysis.quadrant(p).key
        if q_old != q_new:
            moves.append(Change(p.name, "kuadran", labels[q_old], labels[q_new]))
    old_alone = {old.get_partner(n).key for n in analysis.isolated(old)} if old.partners \
        else set()
    new_alone = {new.get_partner(n).key for n in analysis.isolated(new)} if new.partners \
        else set()
    connected = tuple(p.name for p in new.partners if p.key in old_alone
                      and p.key not in new_alone)
    return Comparison(added, removed, links_added, links_removed, tuple(changes), tuple(moves),
                      tuple(analysis.brokers(old, BROKER_TOP)) if old.links else (),
                      tuple(analysis.brokers(new, BROKER_TOP)) if new.links else (), connected)


def _link_text(link) -> str:
    arrow = "→" if link.is_directed else "↔"
    return f"{link.source} {arrow} {link.target} ({link.type})"


def comparison_rows(comparison) -> list[dict]:
    """Table rows ``{perubahan, mitra atau hubungan, sebelum, sesudah}`` of a comparison."""
    if not isinstance(comparison, Comparison):
        raise InvalidValueError(f"Perbandingan harus dibuat dengan compare(); nilai "
                                f"{show(comparison)} tidak diterima.", field="perbandingan",
                                value=comparison)
    c = comparison
    rows = [("Mitra baru", n, "–", "ada") for n in c.partners_added]
    rows += [("Mitra hilang", n, "ada", "–") for n in c.partners_removed]
    rows += [("Hubungan baru", _link_text(link), "–", f"kekuatan {link.strength}")
             for link in c.links_added]
    rows += [("Hubungan hilang", _link_text(link), f"kekuatan {link.strength}", "–")
             for link in c.links_removed]
    rows += [(f"Nilai {ch.field} berubah", ch.partner, str(ch.before), str(ch.after))
             for ch in c.changes]
    rows += [("Pindah kuadran", ch.partner, ch.before, ch.after) for ch in c.quadrant_moves]
    rows += [("Dulu terpencil, kini terhubung", n, "tanpa hubungan", "terhubung")
             for n in c.connected]
    before = {n: i + 1 for i, n in enumerate(c.brokers_before)}
    after = {n: i + 1 for i, n in enumerate(c.brokers_after)}
    for name in dict.fromkeys(c.brokers_before + c.brokers_after):
        if before.get(name) != after.get(name):
            rows.append(("Peringkat perantara berubah", name,
                         f"ke-{before[name]}" if name in before else "bukan 5 besar",
                         f"ke-{after[name]}" if name in after else "bukan 5 besar"))
    return [dict(zip(COMPARISON_COLUMNS, row, strict=True)) for row in rows]


def summary_text(snapshots) -> str:
    """Readable text of the saved snapshots (for the plan), with the change since the first."""
    items = [snapshot_from_dict(s) for s in (snapshots or ())] if isinstance(
        snapshots, (list, tuple)) else []
    if not items:
        return ""
    lines = [f"{s.name}: {len(s.network.partners)} mitra, {len(s.network.links)} hubungan"
             for s in items]
    if len(items) > 1:
        c = compare(items[0], items[-1])
        lines.append(f"Sejak {items[0].date}: {len(c.partners_added)} mitra baru, "
                     f"{len(c.partners_removed)} mitra hilang, {len(c.links_added)} hubungan "
                     f"baru, {len(c.links_removed)} hubungan hilang, {len(c.connected)} mitra "
                     "terpencil kini terhubung.")
    return "\n".join(lines)


def saved_snapshots(workbook=None) -> tuple[MapSnapshot, ...]:
    """The snapshots saved in the workbook, oldest first (unreadable ones left out)."""
    from kemitraan_lib import answers

    return answers.load(answers.PETA_BERTANGGAL, workbook).value


def save_snapshot(network, *, label="", date=None, workbook=None) -> MapSnapshot:
    """Save a dated copy of ``network`` in the workbook and return it (a refusal: nothing
    saved). An empty map is refused: there is nothing to compare later."""
    from kemitraan_lib import answers

    snap = take_snapshot(network, date, label)
    if not snap.network.partners:
        raise InvalidValueError("Peta masih kosong; tambahkan mitra dulu sebelum menyimpan "
                                "foto peta.", field="peta", value=network)
    loaded = answers.load(answers.PETA_BERTANGGAL, workbook)
    stored = add_snapshot(list(loaded.value), snap)
    if loaded.notes:  # unreadable old snapshots are kept aside, never silently dropped
        answers.set_aside(answers.PETA_BERTANGGAL, loaded.raw, workbook)
    answers.save(answers.PETA_BERTANGGAL, stored, workbook,
                 prompt="Peta mitra dari waktu ke waktu")
    return snap
