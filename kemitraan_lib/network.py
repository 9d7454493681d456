"""The partner map ("peta mitra"): partners, the links between them, and rules.

A :class:`Partner` is one actor the facilitator may work with (a group, a
community figure, a business, a cooperative, a government office, or other).
A :class:`Link` is a relationship between two partners (information, money,
goods, coaching, authority, or conflict). :class:`PartnerNetwork` holds both
and enforces the rules:

* partner names are unique ignoring case and spaces (:func:`normalize_name`);
* every value is checked before anything changes, so a rejected change leaves
  the network exactly as it was;
* every broken rule raises a :class:`~kemitraan_lib.errors.KemitraanError`
  (a ``ValueError``) whose Indonesian message names the bad value and lists
  what is allowed.

>>> net = PartnerNetwork(title="Contoh")
>>> net.add_partner(name="KTH Wana Lestari", category="kelompok", influence=3, interest="5")
Partner(name='KTH Wana Lestari', category='kelompok', influence=3, interest=5, support=0, \
resources=(), approach='', contact='', notes='')
>>> _ = net.add_partner(name="Ibu Siti", category="tokoh")
>>> net.add_link("kth wana  lestari", "ibu siti", "informasi").source
'KTH Wana Lestari'
>>> try:
...     net.add_partner(name="ibu  SITI", category="tokoh")
... except ValueError as err:
...     print(err)
Nama mitra 'ibu  SITI' sudah ada di peta sebagai 'Ibu Siti' (huruf besar/kecil dan spasi \
tidak dibedakan). Pilih nama lain atau ubah mitra yang sudah ada.
>>> len(net), len(net.links)
(2, 1)
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from . import fields as _fields
from .errors import (
    DuplicateNameError,
    InvalidValueError,
    UnknownLinkError,
    UnknownPartnerError,
    format_choices,
    show,
)
from .texts import BAD_MULTILINE_RE as _BAD_MULTILINE_RE
from .texts import BAD_RE as _BAD_RE
from .texts import _identity as _identity_str  # the cached key of a text known to be str
from .texts import identity, tidy, visible

__all__ = [
    "Partner",
    "Link",
    "PartnerNetwork",
    "Snapshot",
    "normalize_name",
    "MAX_NAME_LENGTH",
]

MAX_NAME_LENGTH = 80
MAX_RESOURCE_LENGTH = 200
MAX_RESOURCES = 50
MAX_CONTACT_LENGTH = 200
MAX_NOTES_LENGTH = 5000
MAX_TITLE_LENGTH = 200

_PARTNER = _fields.by_attr(_fields.PARTNER_FIELDS)
_LINK = _fields.by_attr(_fields.LINK_FIELDS)
# Indonesian keyword aliases accepted by add_partner / update_partner / update_link,
# so a learner may write add_partner(nama="...", jenis="tokoh").
_PARTNER_ALIASES = {f.column: f.attr for f in _fields.PARTNER_FIELDS}
_LINK_ALIASES = {f.column: f.attr for f in _fields.LINK_FIELDS} | {
    _fields.header_key(f.name): f.attr for f in _fields.LINK_FIELDS}

_LOOSE_RE = re.compile(r"[\s_\-]+")
_INT_RE = re.compile(r"[+-]?[0-9]{1,18}")


def normalize_name(name) -> str:
    """Return the identity of a partner name (see :func:`kemitraan_lib.texts.identity`).

    Case, white space, invisible characters and Unicode forms do not count.

    >>> normalize_name("  Ibu Siti  Nur'aini ") == normalize_name("ibu siti nur'aini")
    True
    >>> normalize_name("KUD Sumber Rezeki")
    'kudsumberrezeki'
    >>> normalize_name("Jose\u0301") == normalize_name("Jos\u00e9")
    True
    """
    if not isinstance(name, str):
        raise InvalidValueError(
            f"Nama mitra harus berupa teks; nilai {show(name)} tidak diterima.",
            field="nama", value=name, allowed=("teks",),
        )
    return identity(name)


_show = show  # short alias used in the messages below


# --------------------------------------------------------------------- content keys
_CHOICE_CACHE: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {}


def _choices(collection: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """Keys of a content collection and a loose lookup (key or label -> key).

    Read lazily from :mod:`kemitraan_lib.content`, the single source of truth.
    """
    cached = _CHOICE_CACHE.get(collection)
    if cached is None:
        from . import content

        items = getattr(content, collection)
        keys = tuple(item.key for item in items)
        lookup: dict[str, str] = {}
        for item in items:
            lookup.setdefault(_loose(item.label), item.key)
        for item in items:  # keys win over labels
            lookup[_loose(item.key)] = item.key
        cached = (keys, lookup)
        _CHOICE_CACHE[collection] = cached
    return cached


def _loose(text: str) -> str:
    return _LOOSE_RE.sub("", text.casefold())


def _pick(value, collection: str, message: str, field_name: str, allow_empty=False) -> str:
    """Return the key for ``value`` (a key or label, any case); raise otherwise."""
    if allow_empty and value == "":
        return ""
    keys, lookup = _CHOICE_CACHE.get(collection) or _choices(collection)
    if isinstance(value, str):
        if value in keys:
            return value
        text = value.strip()
        if allow_empty and text == "":
            return ""
        key = lookup.get(_loose(tidy(text)))
        if key is not None:
            return key
    extra = " (atau kosong jika belum dipilih)" if allow_empty else ""
    raise InvalidValueError(
        message.format(value=_show(value)) + f" Pilihan: {format_choices(keys)}{extra}.",
        field=field_name,
        value=value,
        allowed=keys,
    )


# --------------------------------------------------------------------- validators
def _check_int(value, field_name: str, label: str, low: int, high: int) -> int:
    """Accept an int, an integral float, or a string such as "3" / "+2" / "-1"."""
    if type(value) is int and low <= value <= high:
        return value
    number = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if value.is_integer():
            number = int(value)
    elif isinstance(value, str):
        text = value.strip().replace("\u2212", "-")  # accept the typographic minus sign
        if _INT_RE.fullmatch(text):
            number = int(text)
    else:
        try:  # numpy integers and similar
            import operator

            number = operator.index(value)
        except Exception:  # noqa: BLE001 - any other object is simply not a whole number
            number = None
    if number is None or not low <= number <= high:
        high_text = f"+{high}" if low < 0 else str(high)
        raise InvalidValueError(
            f"{label} harus bilangan bulat {low} sampai {high_text}; "
            f"nilai {_show(value)} tidak diterima.",
            field=field_name,
            value=value,
            allowed=tuple(range(low, high + 1)),
        )
    return number


@functools.lru_cache(maxsize=65536)
def _name_problem(value: str) -> tuple[str, str]:
    """(tidied name, problem): problem is "", "kosong", "kontrol" or "panjang"."""
    name = tidy(value).strip()
    if not visible(name):
        return name, "kosong"
    if _BAD_RE.search(name):
        return name, "kontrol"
    if len(name) > MAX_NAME_LENGTH:
        return name, "panjang"
    return name, ""


def _check_name(value, field_name: str = "nama", label: str = "Nama mitra") -> str:
    allowed = (f"teks 1 sampai {MAX_NAME_LENGTH} huruf",)
    if not isinstance(value, str):
        raise InvalidValueError(
            f"{label} harus berupa teks; nilai {_show(value)} tidak diterima. "
            f"Tulis nama 1 sampai {MAX_NAME_LENGTH} huruf.",
            field=field_name, value=value, allowed=allowed,
        )
    name, problem = (value, "panjang") if len(value) > 4 * MAX_NAME_LENGTH else \
        _name_problem(value)
    if not problem:
        return name
    if problem == "kosong":
        text = (f"{label} tidak boleh kosong (atau hanya berisi spasi dan karakter yang tidak "
                f"terlihat); nilai {_show(value)} tidak diterima. "
                f"Tulis nama 1 sampai {MAX_NAME_LENGTH} huruf.")
    elif problem == "kontrol":
        text = (f"{label} tidak boleh berisi baris baru, tab atau karakter kontrol; "
                f"nilai {_show(value)} tidak diterima. Gunakan huruf, angka, spasi dan tanda "
                f"baca dalam satu baris (1 sampai {MAX_NAME_LENGTH} huruf).")
    else:
        text = (f"{label} paling panjang {MAX_NAME_LENGTH} huruf; nilai {_show(value)} "
                f"({len(name)} huruf) terlalu panjang.")
    raise InvalidValueError(text, field=field_name, value=value, allowed=allowed)


def _check_text(value, field_name: str, label: str, limit: int, multiline: bool) -> str:
    if value is None or value == "":
        return ""
    if not isinstance(value, str):
        raise InvalidValueError(
            f"{label} harus berupa teks; nilai {_show(value)} tidak diterima "
            f"(boleh kosong, paling panjang {limit} huruf).",
            field=field_name, value=value, allowed=(f"teks 0 sampai {limit} huruf",),
        )
    if len(value) > 4 * limit:
        raise InvalidValueError(
            f"{label} paling panjang {limit} huruf; nilai {_show(value)} "
            f"({len(value)} huruf) terlalu panjang.",
            field=field_name, value=value, allowed=(f"teks 0 sampai {limit} huruf",),
        )
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    text = tidy(value).strip()
    if (_BAD_MULTILINE_RE if multiline else _BAD_RE).search(text):
        what = "karakter kontrol" if multiline else "baris baru, tab atau karakter kontrol"
        raise InvalidValueError(
            f"{label} tidak boleh berisi {what}; nilai {_show(value)} tidak diterima. "
            f"Tulis teks biasa (paling panjang {limit} huruf).",
            field=field_name, value=value, allowed=(f"teks 0 sampai {limit} huruf",),
        )
    if len(text) > limit:
        raise InvalidValueError(
            f"{label} paling panjang {limit} huruf; nilai {_show(value)} "
            f"({len(text)} huruf) terlalu panjang.",
            field=field_name, value=value, allowed=(f"teks 0 sampai {limit} huruf",),
        )
    return text


def _check_resources(value) -> tuple[str, ...]:
    """Accept a sequence of texts, or one text with items separated by ';' or new lines.

    Items are stripped; empty items dropped; duplicates (ignoring case) dropped.
    The stored form never contains ';', so joining with '; ' is lossless.
    """
    if value is None:
        return ()

    def refuse(problem: str) -> InvalidValueError:
        return InvalidValueError(
            f"Sumber daya{problem} Contoh: 'lahan; tenaga' atau ['lahan', 'tenaga'].",
            field="sumber daya", value=value, allowed=("daftar teks, misalnya 'lahan; tenaga'",),
        )

    if isinstance(value, str):
        pieces = [value]
    elif isinstance(value, (list, tuple, set, frozenset)):
        pieces = list(value)
    else:
        raise refuse(f" harus berupa daftar teks; nilai {_show(value)} tidak diterima.")
    items: list[str] = []
    seen: set[str] = set()
    for piece in pieces:
        if not isinstance(piece, str):
            raise refuse(f": setiap butir harus berupa teks; butir {_show(piece)} tidak "
                         "diterima.")
        if len(pieces) > MAX_RESOURCES or len(piece) > MAX_RESOURCES * (MAX_RESOURCE_LENGTH + 2):
            raise refuse(f": paling banyak {MAX_RESOURCES} butir, masing-masing paling panjang "
                         f"{MAX_RESOURCE_LENGTH} huruf; yang diberikan terlalu banyak.")
        for raw in (re.split(r"[;\r\n]", piece) if ";" in piece or "\n" in piece
                    or "\r" in piece else (piece,)):
            item = tidy(raw).strip()
            if not item:
                continue
            if _BAD_RE.search(item):
                raise refuse(f" tidak boleh berisi tab atau karakter kontrol; butir "
                             f"{_show(item)} tidak diterima. Pisahkan butir dengan ';'.")
            if len(item) > MAX_RESOURCE_LENGTH:
                raise refuse(f": setiap butir paling panjang {MAX_RESOURCE_LENGTH} huruf; "
                             f"butir {_show(item)} ({len(item)} huruf) terlalu panjang.")
            ident = item.casefold()
            if ident not in seen:
                seen.add(ident)
                items.append(item)
    if len(items) > MAX_RESOURCES:
        raise refuse(f": paling banyak {MAX_RESOURCES} butir; {len(items)} butir terlalu banyak.")
    return tuple(items)


# --------------------------------------------------------------------- records
@dataclass(frozen=True, init=False)
class Partner:
    """One partner on the map. All values are checked (and tidied) on creation.

    Numbers may be given as text ("3"), categories and approaches as key or
    Indonesian label in any case; the stored values are ints and keys.

    >>> Partner("Pak Haji Ahmad", "Tokoh", influence="4", support="+2").category
    'tokoh'
    >>> Partner("X", "tokoh", influence="3.5")
    Traceback (most recent call last):
    ...
    kemitraan_lib.errors.InvalidValueError: Pengaruh harus bilangan bulat 0 sampai 5; \
nilai '3.5' tidak diterima.
    """

    name: str
    category: str
    influence: int = 0
    interest: int = 0
    support: int = 0
    resources: tuple[str, ...] = ()
    approach: str = ""
    contact: str = ""
    notes: str = ""

    def __init__(self, name, category, influence=0, interest=0, support=0, resources=(),
                 approach="", contact="", notes="") -> None:
        # Checked first, stored after: a frozen dataclass with its own __init__ (one
        # store per field; dataclasses.replace() still works).
        checked_name = _check_name(name)
        category = _pick(category, "CATEGORIES", "Jenis mitra {value} tidak dikenal.", "jenis")
        influence = _check_int(influence, "pengaruh", "Pengaruh", 0, 5)
        interest = _check_int(interest, "kepentingan", "Kepentingan", 0, 5)
        support = _check_int(support, "dukungan", "Dukungan", -2, 2)
        resources = _check_resources(resources) if resources != () else ()
        approach = _pick(approach, "APPROACHES", "Pendekatan {value} tidak dikenal.",
                         "pendekatan", allow_empty=True)
        contact = _check_text(contact, "kontak", "Kontak", MAX_CONTACT_LENGTH, False)
        notes = _check_text(notes, "catatan", "Catatan", MAX_NOTES_LENGTH, True)
        d = self.__dict__  # frozen: the checked values go straight into the instance
        d["name"] = checked_name
        d["category"] = category
        d["influence"] = influence
        d["interest"] = interest
        d["support"] = support
        d["resources"] = resources
        d["approach"] = approach
        d["contact"] = contact
        d["notes"] = notes
        d["_key"] = _identity_str(checked_name)

    @property
    def key(self) -> str:
        """The normalised name (identity on the map)."""
        return self._key

    def to_dict(self) -> dict:
        d = dataclasses.asdict(self)
        d["resources"] = list(self.resources)
        return d


@dataclass(frozen=True, init=False)
class Link:
    """A relationship between two partners.

    ``direction`` ``"satu-arah"`` means from ``source`` to ``target``;
    ``"dua-arah"`` goes both ways. ``strength`` is 1 (weak) to 3 (strong).

    >>> Link("Desa", "KTH", "Dana", strength="2")
    Link(source='Desa', target='KTH', type='dana', direction='dua-arah', strength=2)
    """

    source: str
    target: str
    type: str
    direction: str = "dua-arah"
    strength: int = 1

    def __init__(self, source, target, type, direction="dua-arah", strength=1) -> None:
        checked_source = _check_name(source, "dari", "Nama mitra asal (dari)")
        checked_target = _check_name(target, "ke", "Nama mitra tujuan (ke)")
        if _identity_str(checked_source) == _identity_str(checked_target):
            raise InvalidValueError(
                f"Hubungan harus antara dua mitra yang berbeda; {_show(checked_source)} tidak "
                "bisa dihubungkan dengan dirinya sendiri. Pilih mitra lain di kolom 'ke'.",
                field="ke", value=target, allowed=("mitra lain di peta",),
            )
        _fill_link(self, checked_source, checked_target, type, direction, strength)

    @classmethod
    def _between(cls, source: str, target: str, type, direction, strength) -> Link:
        """A link between two partners already on a map (their names are checked there).

        Checks the kind, direction and strength only; used when a map is built.
        """
        link = object.__new__(cls)
        _fill_link(link, source, target, type, direction, strength)
        return link

    @property
    def is_directed(self) -> bool:
        return self.direction == "satu-arah"

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


def _fill_link(link: Link, source: str, target: str, type, direction, strength) -> None:
    """Check the kind, direction and strength of a link, then store all five values."""
    kind = _pick(type, "LINK_TYPES", "Jenis hubungan {value} tidak dikenal.", "jenis hubungan")
    way = _pick(direction, "DIRECTIONS", "Arah hubungan {value} tidak dikenal.", "arah")
    strength = _check_int(strength, "kekuatan", "Kekuatan hubungan", 1, 3)
    d = link.__dict__  # frozen: straight into the instance dictionary
    d["source"], d["target"], d["type"] = source, target, kind
    d["direction"], d["strength"] = way, strength


# --------------------------------------------------------------------- the network
def _link_keys(link: Link, s: str | None = None,
               t: str | None = None) -> tuple[tuple[str, str, str], ...]:
    """The keys a link is found under; ``s``/``t``: its ends' identities when known."""
    if s is None or t is None:
        s, t = _identity_str(link.source), _identity_str(link.target)
    if link.direction == "satu-arah":
        return ((s, t, link.type),)
    return ((s, t, link.type), (t, s, link.type))


@dataclass(eq=False)
class _State:
    partners: dict[str, Partner] = field(default_factory=dict)
    links: dict[int, Link] = field(default_factory=dict)
    link_index: dict[tuple[str, str, str], int] = field(default_factory=dict)
    by_partner: dict[str, dict[int, None]] = field(default_factory=dict)


class PartnerNetwork:
    """A partner map: partners in insertion order and the links between them.

    Every method checks everything before it changes anything. Observers added
    with :meth:`subscribe` are told about each successful change.

    Links are identified by ``(source, target, type)`` with names normalised;
    for ``dua-arah`` links ``(A, B)`` and ``(B, A)`` are the same link. Two
    ``satu-arah`` links of one type in opposite directions may coexist.
    """

    __hash__ = None  # mutable

    def __init__(self, title: str = "", partners=(), links=()) -> None:
        self._title = _check_text(title, "judul", "Judul peta", MAX_TITLE_LENGTH, False)
        self._s = _State()
        self._next_id = 0
        self._partners_cache: tuple[Partner, ...] | None = None
        self._links_cache: tuple[Link, ...] | None = None
        self._observers: list[Callable] = []
        for p in _items(partners, "partners"):
            self.add_partner(p)
        for lk in _items(links, "links"):
            self._add_link_item(lk)

    # ------------------------------------------------------------ observers
    def subscribe(self, callback: Callable[[str, object], None]) -> Callable[[], None]:
        """Call ``callback(event, payload)`` after every successful change.

        Events: ``partner_added`` (Partner), ``partner_updated`` ((old, new)),
        ``partner_removed`` ((Partner, removed links)), ``link_added`` (Link),
        ``link_updated`` ((old, new)), ``link_removed`` (Link), ``title_changed``
        (title), ``reset`` (None, after :meth:`restore`). Returns a function
        that unsubscribes.
        """
        self._observers.append(callback)

        def unsubscribe() -> None:
            try:
                self._observers.remove(callback)
            except ValueError:
                pass

        return unsubscribe

    def _emit(self, event: str, payload) -> None:
        self._partners_cache = None
        self._links_cache = None
        first_error = None
        for callback in list(self._observers):
            try:
                callback(event, payload)
            except Exception as exc:  # noqa: BLE001 - every observer still hears the event
                first_error = first_error or exc
        if first_error is not None:
            raise first_error

    # ------------------------------------------------------------ basic views
    @property
    def title(self) -> str:
        return self._title

    @title.setter
    def title(self, value: str) -> None:
        new = _check_text(value, "judul", "Judul peta", MAX_TITLE_LENGTH, False)
        if new != self._title:
            self._title = new
            self._emit("title_changed", new)

    @property
    def partners(self) -> tuple[Partner, ...]:
        if self._partners_cache is None:
            self._partners_cache = tuple(self._s.partners.values())
        return self._partners_cache

    @property
    def links(self) -> tuple[Link, ...]:
        if self._links_cache is None:
            self._links_cache = tuple(self._s.links.values())
        return self._links_cache

    def __len__(self) -> int:
        return len(self._s.partners)

    def __iter__(self) -> Iterator[Partner]:
        return iter(self.partners)

    def __contains__(self, name) -> bool:
        if isinstance(name, Partner):
            name = name.name
        if not isinstance(name, str):
            return False
        return normalize_name(name) in self._s.partners

    def __eq__(self, other) -> bool:
        if not isinstance(other, PartnerNetwork):
            return NotImplemented
        return (self._title == other._title and self.partners == other.partners
                and self.links == other.links)

    def __repr__(self) -> str:
        return (f"PartnerNetwork(title={self._title!r}, {len(self)} mitra, "
                f"{len(self._s.links)} hubungan)")

    # ------------------------------------------------------------ partners
    def _unknown_partner(self, name, field_name: str = "nama") -> UnknownPartnerError:
        names = [p.name for p in self._s.partners.values()]
        close = []
        if names and isinstance(name, str) and name.strip():
            by_norm = {normalize_name(n): n for n in names}
            query = normalize_name(name)
            close = [by_norm[k] for k in difflib.get_close_matches(query, list(by_norm), n=3,
                                                                    cutoff=0.6)]
            if not close:
                close = [n for k, n in by_norm.items() if query in k or k in query][:3]
        if close:
            hint = " Mungkin maksud Anda: " + format_choices(_show(c) for c in close) + "?"
        elif names:
            shown = names[:10]
            more = f" (dan {len(names) - 10} lainnya)" if len(names) > 10 else ""
            hint = " Mitra di peta: " + format_choices(_show(n) for n in shown) + more + "."
        else:
            hint = " Peta masih kosong; tambahkan mitra dulu."
        return UnknownPartnerError(
            f"Mitra {_show(name)} tidak ada di peta.{hint}",
            field=field_name, value=name, allowed=tuple(names[:10]),
        )

    def _key_of(self, name, field_name: str = "nama") -> str:
        if isinstance(name, Partner):
            name = name.name
        if not isinstance(name, str):
            raise self._unknown_partner(name, field_name)
        key = _identity_str(name)
        if key not in self._s.partners:
            raise self._unknown_partner(name, field_name)
        return key

    def get_partner(self, name) -> Partner:
        """Return the partner called ``name`` (ignoring case and spaces)."""
        return self._s.partners[self._key_of(name)]

    @staticmethod
    def _partner_fields(given: Mapping) -> dict:
        out = {}
        allowed = tuple(_PARTNER)
        for key, value in given.items():
            real = _PARTNER_ALIASES.get(key, key) if isinstance(key, str) else None
            if real not in _PARTNER:
                raise InvalidValueError(
                    f"Isian {_show(key)} tidak dikenal untuk mitra. Pilihan: "
                    f"{format_choices(allowed)} (atau dalam bahasa Indonesia: "
                    f"{format_choices(_PARTNER_ALIASES)}).",
                    field=None, value=key, allowed=allowed,
                )
            if real in out:
                raise InvalidValueError(
                    f"Isian {_show(key)} diberikan dua kali untuk mitra; pilih salah satu.",
                    field=_PARTNER[real].name, value=key, allowed=allowed,
                )
            out[real] = value
        return out

    def add_partner(self, partner: Partner | Mapping | None = None, **fields) -> Partner:
        """Add a partner (a :class:`Partner`, a mapping, or keyword fields).

        Keyword fields may use the English or the Indonesian names
        (``name``/``nama``, ``category``/``jenis``, ...). Raises
        :class:`DuplicateNameError` when the name exists (ignoring case/spaces).
        """
        if partner is not None and fields:
            raise InvalidValueError(
                "Berikan data mitra sekali saja: sebuah Partner atau isian seperti "
                "nama=..., jenis=...; bukan keduanya.",
                value=partner, allowed=("Partner", "isian nama=..., jenis=..."),
            )
        if isinstance(partner, Partner):
            new = partner
        else:
            data = dict(partner) if isinstance(partner, Mapping) else fields
            if partner is not None and not isinstance(partner, Mapping):
                raise InvalidValueError(
                    f"Data mitra {_show(partner)} tidak dikenali. Berikan sebuah Partner atau "
                    "isian seperti nama=..., jenis=....",
                    value=partner, allowed=("Partner", "isian nama=..., jenis=..."),
                )
            data = self._partner_fields(data)
            for required in (f.attr for f in _fields.PARTNER_FIELDS if f.required):
                if required not in data:
                    ind = _PARTNER[required].name
                    raise InvalidValueError(
                        f"Isian '{ind}' wajib diisi untuk mitra baru; nilai yang diberikan: "
                        f"{format_choices(_PARTNER[k].name for k in data) or 'tidak ada'}.",
                        field=ind, value=None, allowed=(ind,),
                    )
            new = Partner(**data)
        key = new.key
        existing = self._s.partners.get(key)
        if existing is not None:
            raise DuplicateNameError(
                f"Nama mitra {_show(new.name)} sudah ada di peta sebagai {_show(existing.name)} "
                "(huruf besar/kecil dan spasi tidak dibedakan). Pilih nama lain atau ubah mitra "
                "yang sudah ada.",
                field="nama", value=new.name, allowed=("nama yang belum dipakai",),
            )
        self._s.partners[key] = new
        self._s.by_partner[key] = {}
        self._emit("partner_added", new)
        return new

    def update_partner(self, name, /, **changes) -> Partner:
        """Change fields of a partner. A new ``name`` also rewrites its links.

        Renaming onto another partner's name is refused; a new spelling of
        the same name (``"budi"`` -> ``"Budi"``) is allowed.
        """
        key = self._key_of(name)
        old = self._s.partners[key]
        data = self._partner_fields(changes)
        new = dataclasses.replace(old, **data)
        new_key = new.key
        if new_key != key and new_key in self._s.partners:
            other = self._s.partners[new_key]
            raise DuplicateNameError(
                f"Nama baru {_show(new.name)} sudah dipakai oleh mitra {_show(other.name)} "
                "(huruf besar/kecil dan spasi tidak dibedakan). Pilih nama lain.",
                field="nama", value=new.name, allowed=("nama yang belum dipakai",),
            )
        if new == old:
            return old
        renamed = new.name != old.name
        new_links: dict[int, Link] = {}
        if renamed:
            for lid in self._s.by_partner[key]:
                link = self._s.links[lid]
                src = new.name if normalize_name(link.source) == key else link.source
                tgt = new.name if normalize_name(link.target) == key else link.target
                new_links[lid] = dataclasses.replace(link, source=src, target=tgt)
        # --- all checks passed: mutate
        if new_key == key:
            self._s.partners[key] = new
        else:
            self._s.partners = {
                (new_key if k == key else k): (new if k == key else p)
                for k, p in self._s.partners.items()
            }
            self._s.by_partner[new_key] = self._s.by_partner.pop(key)
        for lid, link in new_links.items():
            old_link = self._s.links[lid]
            for lk in _link_keys(old_link):
                self._s.link_index.pop(lk, None)
            self._s.links[lid] = link
            for lk in _link_keys(link):
                self._s.link_index[lk] = lid
        self._emit("partner_updated", (old, new))
        return new

    def remove_partner(self, name) -> Partner:
        """Remove a partner and all its links; returns the removed partner."""
        key = self._key_of(name)
        partner = self._s.partners.pop(key)
        removed = []
        for lid in list(self._s.by_partner.pop(key)):
            removed.append(self._drop_link(lid))
        self._emit("partner_removed", (partner, tuple(removed)))
        return partner

    # ------------------------------------------------------------ links
    def _drop_link(self, lid: int) -> Link:
        link = self._s.links.pop(lid)
        for lk in _link_keys(link):
            self._s.link_index.pop(lk, None)
        for end in {normalize_name(link.source), normalize_name(link.target)}:
            bucket = self._s.by_partner.get(end)
            if bucket is not None:
                bucket.pop(lid, None)
        return link

    def _conflict(self, link: Link, ignore: int | None = None, keys=None) -> Link | None:
        for lk in keys or _link_keys(link):
            lid = self._s.link_index.get(lk)
            if lid is not None and lid != ignore:
                return self._s.links[lid]
        return None

    def _duplicate_link_error(self, new: Link, existing: Link) -> DuplicateNameError:
        arrow = "→" if existing.is_directed else "↔"
        return DuplicateNameError(
            f"Hubungan {new.type!r} antara {_show(new.source)} dan {_show(new.target)} sudah ada "
            f"({existing.source} {arrow} {existing.target}, kekuatan {existing.strength}). "
            "Ubah hubungan yang ada, atau pilih jenis hubungan lain.",
            field="jenis hubungan", value=new.type,
            allowed=tuple(k for k in _choices("LINK_TYPES")[0] if k != new.type),
        )

    def add_link(self, source, target=None, type=None, direction="dua-arah",
                 strength=1) -> Link:
        """Add a link between two partners on the map (a :class:`Link` also works)."""
        if isinstance(source, Link):
            source, target, type, direction, strength = (
                source.source, source.target, source.type, source.direction, source.strength)
        return self._add_link(source, target, type, direction, strength)

    def _add_link(self, source, target, type, direction, strength) -> Link:
        src_key = self._key_of(source, "dari")
        tgt_key = self._key_of(target, "ke")
        if src_key == tgt_key:
            Link(source, target, type, direction, strength)  # raises the self-link message
        link = Link._between(self._s.partners[src_key].name, self._s.partners[tgt_key].name,
                             type, direction, strength)
        keys = _link_keys(link, src_key, tgt_key)
        existing = self._conflict(link, keys=keys)
        if existing is not None:
            raise self._duplicate_link_error(link, existing)
        lid = self._next_id
        self._next_id += 1
        self._s.links[lid] = link
        for lk in keys:
            self._s.link_index[lk] = lid
        self._s.by_partner[src_key][lid] = None
        self._s.by_partner[tgt_key][lid] = None
        self._emit("link_added", link)
        return link

    def _find_link(self, source, target, type) -> int:
        s = self._key_of(source, "dari")
        t = self._key_of(target, "ke")
        link_type = _pick(type, "LINK_TYPES", "Jenis hubungan {value} tidak dikenal.",
                          "jenis hubungan")
        lid = self._s.link_index.get((s, t, link_type))
        if lid is None:
            between = [lk for lk in self.links_of(source)
                       if {normalize_name(lk.source), normalize_name(lk.target)} == {s, t}]
            if between:
                hint = " Hubungan yang ada antara keduanya: " + format_choices(
                    f"{lk.type} ({lk.source} {'→' if lk.is_directed else '↔'} {lk.target})"
                    for lk in between) + "."
            else:
                hint = " Belum ada hubungan apa pun antara keduanya."
            raise UnknownLinkError(
                f"Hubungan '{link_type}' dari {_show(source)} ke {_show(target)} tidak ada "
                f"di peta.{hint}",
                field="jenis hubungan", value=type,
                allowed=tuple(lk.type for lk in between),
            )
        return lid

    def get_link(self, source, target, type) -> Link:
        """Return the link ``(source, target, type)``; raises UnknownLinkError."""
        return self._s.links[self._find_link(source, target, type)]

    def update_link(self, source, target, type, /, **changes) -> Link:
        """Change ``type``, ``direction``, ``strength`` (or ends) of a link.

        When a ``dua-arah`` link becomes ``satu-arah``, it points from
        ``source`` to ``target`` as named in this call.
        """
        lid = self._find_link(source, target, type)
        old = self._s.links[lid]
        data = {}
        for key, value in changes.items():
            real = _LINK_ALIASES.get(key, key)
            if real not in _LINK:
                raise InvalidValueError(
                    f"Isian {_show(key)} tidak dikenal untuk hubungan. Pilihan: "
                    f"{format_choices(_LINK)} (atau: {format_choices(_LINK_ALIASES)}).",
                    value=key, allowed=tuple(_LINK),
                )
            data[real] = value
        base = old
        if old.direction == "dua-arah" and normalize_name(old.source) != normalize_name(source):
            base = dataclasses.replace(old, source=old.target, target=old.source)
        new = dataclasses.replace(base, **data)
        src_key = self._key_of(new.source, "dari")
        tgt_key = self._key_of(new.target, "ke")
        new = dataclasses.replace(new, source=self._s.partners[src_key].name,
                                  target=self._s.partners[tgt_key].name)
        if new == old:
            return old
        existing = self._conflict(new, ignore=lid)
        if existing is not None:
            raise self._duplicate_link_error(new, existing)
        # --- mutate
        for lk in _link_keys(old):
            self._s.link_index.pop(lk, None)
        for end in {normalize_name(old.source), normalize_name(old.target)}:
            self._s.by_partner[end].pop(lid, None)
        self._s.links[lid] = new
        for lk in _link_keys(new):
            self._s.link_index[lk] = lid
        self._s.by_partner[src_key][lid] = None
        self._s.by_partner[tgt_key][lid] = None
        self._emit("link_updated", (old, new))
        return new

    def remove_link(self, source, target, type) -> Link:
        """Remove the link ``(source, target, type)`` and return it."""
        lid = self._find_link(source, target, type)
        link = self._drop_link(lid)
        self._emit("link_removed", link)
        return link

    def links_of(self, name) -> tuple[Link, ...]:
        """Links that touch the partner ``name``, in insertion order."""
        key = self._key_of(name)
        ids = self._s.by_partner[key]
        return tuple(self._s.links[lid] for lid in sorted(ids))

    # ------------------------------------------------------------ whole-network
    def to_dict(self) -> dict:
        """The map as its JSON document: the one shape of a saved map.

        The same document as a ``.json`` file (:func:`kemitraan_lib.files.document`):
        ``{"format": "kemitraan-peta", "versi": 1, "judul", "mitra", "hubungan"}``.
        :meth:`from_dict` turns it back exactly.
        """
        from .files import document

        return document(self)

    @classmethod
    def from_dict(cls, data) -> PartnerNetwork:
        """Build a network from :meth:`to_dict` output; every value is checked.

        The older form ``{"title", "partners", "links"}`` (English keys, saved
        by earlier versions of the course) is read too. A bad value raises
        :class:`InvalidValueError` naming the partner or link and the field.
        """
        from .errors import FileFormatError
        from .files import from_document

        try:
            return from_document(data)
        except FileFormatError as err:
            raise InvalidValueError(err.message, field=err.field, value=err.value,
                                    allowed=err.allowed) from None

    def _add_link_item(self, item) -> Link:
        """Add a link given as a :class:`Link` or a mapping of its fields."""
        if isinstance(item, Link):
            return self.add_link(item)
        if isinstance(item, Mapping) and all(isinstance(k, str) for k in item):
            data = {_LINK_ALIASES.get(k, k): v for k, v in item.items()}
            unknown = [k for k in data if k not in _LINK]
            if unknown:
                raise InvalidValueError(
                    f"Isian {_show(unknown[0])} tidak dikenal untuk hubungan. Pilihan: "
                    f"{format_choices(_LINK)}.", value=unknown[0], allowed=tuple(_LINK),
                )
            return self.add_link(**data)
        raise InvalidValueError(
            f"Setiap hubungan harus berupa kamus (dict) atau Link; nilai {_show(item)} "
            "tidak diterima.", value=item, allowed=tuple(_LINK),
        )

    def copy(self) -> PartnerNetwork:
        """An independent copy (observers are not copied)."""
        new = PartnerNetwork(title=self._title)
        new._install(self.snapshot())
        return new

    def snapshot(self) -> Snapshot:
        """The whole state now, as an immutable :class:`Snapshot` (cheap: records are shared).

        Undo (:class:`kemitraan_lib.history.History`), autosave and dated copies
        of a map keep snapshots; :meth:`restore` brings one back.
        """
        return Snapshot(self._title, self.partners, self.links)

    def restore(self, state: Snapshot | PartnerNetwork) -> None:
        """Make this network equal to ``state`` in place (observers get ``reset``).

        ``state`` is a :class:`Snapshot` or another network. It is checked
        first (unique names, links between partners on the map, no link twice);
        a refused state leaves this network as it was.
        """
        if isinstance(state, PartnerNetwork):
            state = state.snapshot()
        if not isinstance(state, Snapshot):
            raise InvalidValueError(
                f"Hanya peta mitra (PartnerNetwork) atau Snapshot yang bisa dipulihkan; "
                f"nilai {_show(state)} tidak diterima.", value=state,
                allowed=("PartnerNetwork", "Snapshot"),
            )
        self._install(state)
        self._emit("reset", None)

    def _install(self, snapshot: Snapshot) -> None:
        """Replace the whole state by ``snapshot`` after checking it; nothing changes on error."""
        title = _check_text(snapshot.title, "judul", "Judul peta", MAX_TITLE_LENGTH, False)
        state = _State()
        for p in _items(snapshot.partners, "partners"):
            if not isinstance(p, Partner):
                raise InvalidValueError(
                    f"Snapshot hanya boleh berisi Partner; nilai {_show(p)} tidak diterima.",
                    value=p, allowed=("Partner",))
            if p.key in state.partners:
                raise DuplicateNameError(
                    f"Nama mitra {_show(p.name)} muncul dua kali dalam snapshot.",
                    field="nama", value=p.name, allowed=("nama yang belum dipakai",))
            state.partners[p.key] = p
            state.by_partner[p.key] = {}
        links = tuple(_items(snapshot.links, "links"))
        for lid, link in enumerate(links):
            if not isinstance(link, Link):
                raise InvalidValueError(
                    f"Snapshot hanya boleh berisi Link; nilai {_show(link)} tidak diterima.",
                    value=link, allowed=("Link",))
            ends = (normalize_name(link.source), normalize_name(link.target))
            for end, name, where in zip(ends, (link.source, link.target), ("dari", "ke"),
                                        strict=True):
                if end not in state.partners:
                    raise UnknownPartnerError(
                        f"Hubungan dalam snapshot menyebut mitra {_show(name)} yang tidak ada.",
                        field=where, value=name, allowed=())
            for lk in _link_keys(link):
                if lk in state.link_index:
                    raise DuplicateNameError(
                        f"Hubungan {link.source} - {link.target} ({link.type}) muncul dua kali "
                        "dalam snapshot.", field="jenis hubungan", value=link.type, allowed=())
                state.link_index[lk] = lid
            state.links[lid] = link
            state.by_partner[ends[0]][lid] = None
            state.by_partner[ends[1]][lid] = None
        # --- all checked: swap in
        self._s = state
        self._next_id = len(links)
        self._title = title
        self._partners_cache = None
        self._links_cache = None


@dataclass(frozen=True)
class Snapshot:
    """The state of a map at one moment: title, partners and links (immutable).

    >>> net = PartnerNetwork(title="Uji")
    >>> before = net.snapshot()
    >>> _ = net.add_partner(name="A", category="tokoh")
    >>> net.restore(before); len(net)
    0
    """

    title: str
    partners: tuple[Partner, ...]
    links: tuple[Link, ...]


def _items(value, what: str):
    """The items of a list/tuple given for ``what``; anything else is refused."""
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return value
    if isinstance(value, (str, bytes, Mapping)) or not hasattr(value, "__iter__"):
        raise InvalidValueError(
            f"Isian '{what}' harus berupa daftar; nilai {_show(value)} tidak diterima.",
            field=what, value=value, allowed=("daftar",),
        )
    try:
        return list(value)
    except Exception:  # noqa: BLE001 - a broken iterator is bad input like any other
        raise InvalidValueError(
            f"Isian '{what}' tidak bisa dibaca sebagai daftar.", field=what, value=value,
            allowed=("daftar",),
        ) from None
