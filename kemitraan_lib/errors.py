"""Errors raised by the course library.

Every error is a :class:`KemitraanError`, which subclasses :class:`ValueError`,
so ``except ValueError`` catches them all. ``str(error)`` is a plain Indonesian
sentence for the learner: it names the bad value and says what is allowed.

The structured attributes let views and tests react without parsing text:

* ``field``: the Indonesian field name (e.g. ``"pengaruh"``) or ``None``;
* ``value``: the rejected value (or ``None``);
* ``allowed``: a tuple of allowed values / a range description, or ``None``.

>>> err = InvalidValueError(
...     "Pengaruh harus bilangan bulat 0 sampai 5; nilai '7' tidak diterima.",
...     field="pengaruh", value="7", allowed=("0", "5"))
>>> isinstance(err, ValueError), err.field, err.value
(True, 'pengaruh', '7')
>>> print(err)
Pengaruh harus bilangan bulat 0 sampai 5; nilai '7' tidak diterima.
"""

from __future__ import annotations

import reprlib as _reprlib

__all__ = [
    "KemitraanError",
    "InvalidValueError",
    "DuplicateNameError",
    "UnknownPartnerError",
    "UnknownLinkError",
    "FileFormatError",
    "FileAccessError",
    "format_choices",
    "show",
    "quote",
    "check_type",
]


def format_choices(choices) -> str:
    """Join allowed values for a message: ``'a, b, c'``.

    >>> format_choices(["kelompok", "tokoh"])
    'kelompok, tokoh'
    """
    if isinstance(choices, (str, bytes)) or not hasattr(choices, "__iter__"):
        return show(choices)
    return ", ".join(c if isinstance(c, str) else show(c) for c in list(choices)[:200])


class _ShortRepr(_reprlib.Repr):
    """reprlib with a bounded depth and a guard for integers too long to print."""

    def __init__(self) -> None:
        super().__init__()
        self.maxlevel = 3
        self.maxstring = 60
        self.maxother = 60
        self.maxlist = self.maxtuple = self.maxdict = self.maxset = 6

    def repr_int(self, x, level):
        if x.bit_length() > 200:
            return f"<bilangan bulat {len(str(x.bit_length()))}+ digit biner>"
        return super().repr_int(x, level)


_SHORT = _ShortRepr()


def show(value, limit: int = 60) -> str:
    """Quote any value for an Indonesian message: short, and never fails.

    Long texts are cut, deep or huge values are abbreviated, so a message can
    always be built, whatever a learner or a file handed in.

    >>> show("Ibu Siti")
    "'Ibu Siti'"
    >>> show(10 ** 5000)
    '<bilangan bulat sangat besar>'
    >>> show([[[[[1]]]]])
    '[[[[...]]]]'
    """
    if isinstance(limit, bool) or not isinstance(limit, int) or not 10 <= limit <= 10_000:
        limit = 60
    try:
        if isinstance(value, str):
            text = value if len(value) <= limit else value[: limit - 1] + "…"
            return repr(text)
        if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
            return "<bilangan bulat sangat besar>"
        text = _SHORT.repr(value)
    except Exception:  # noqa: BLE001 - a hostile __repr__ must not break the message
        return f"<nilai bertipe {type(value).__name__}>"
    return text if len(text) <= 2 * limit else text[: 2 * limit - 1] + "…"


def quote(value, limit: int = 60) -> str:
    """A value between single quotes for a message, e.g. ``'bank'`` or ``'5'``; never fails.

    >>> quote("bank"), quote(5), quote(None)
    ("'bank'", "'5'", "'None'")
    """
    if isinstance(limit, bool) or not isinstance(limit, int) or not 10 <= limit <= 10_000:
        limit = 60
    if isinstance(value, str):
        return "'" + (value if len(value) <= limit else value[: limit - 1] + "…") + "'"
    return f"'{show(value, limit)}'"


def check_type(value, types, what: str, example: str, *, field: str | None = None):
    """Return ``value`` when it is an instance of ``types``, else raise InvalidValueError.

    ``what`` names the value for the learner ("Peta mitra"), ``example`` says
    what is expected ("sebuah PartnerNetwork").

    >>> check_type("03", str, "Modul", "teks seperti '03'")
    '03'
    """
    if not all(isinstance(t, type) for t in _as_tuple(types)):
        raise InvalidValueError(f"check_type memerlukan jenis (type); nilai {show(types)} tidak "
                                "diterima.", value=types, allowed=("type",))
    if isinstance(value, types) and not (isinstance(value, bool) and bool not in _as_tuple(types)):
        return value
    what = what if isinstance(what, str) else "Nilai"
    example = example if isinstance(example, str) else show(example)
    raise InvalidValueError(
        f"{what} harus {example}; nilai {show(value)} (bertipe {type(value).__name__}) "
        "tidak diterima.",
        field=field, value=value, allowed=(example,),
    )


def _as_tuple(types) -> tuple:
    return types if isinstance(types, tuple) else (types,)


class KemitraanError(ValueError):
    """Base class: a rule of the course model was broken.

    ``message`` is the Indonesian text shown to the learner.
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        value: object = None,
        allowed: tuple | None = None,
    ) -> None:
        if not isinstance(message, str):
            message = show(message)
        super().__init__(message)
        self.message = message
        self.field = field
        self.value = value
        self.allowed = tuple(allowed) if isinstance(allowed, (tuple, list)) else (
            None if allowed is None else (allowed,))

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):
        # Keep keyword attributes when pickled (e.g. across processes).
        return (_rebuild, (type(self), self.message, self.__dict__.copy()))


def _rebuild(cls, message, state):
    err = cls.__new__(cls)
    ValueError.__init__(err, message)
    err.__dict__.update(state)
    return err


class InvalidValueError(KemitraanError):
    """A field is out of range, not in a fixed set, empty or of the wrong kind."""


class DuplicateNameError(KemitraanError):
    """A partner name already exists (names are compared ignoring case and spaces)."""


class UnknownPartnerError(KemitraanError):
    """A link to, or an edit of, a partner that is not on the map."""


class UnknownLinkError(KemitraanError):
    """An edit or removal of a link that is not on the map."""


class FileAccessError(KemitraanError):
    """A file or folder cannot be opened or written (missing, no permission, disk full).

    ``file`` is the path concerned. The original ``OSError`` is chained as
    ``__cause__``.
    """

    def __init__(self, message: str, *, file: str | None = None, **kw) -> None:
        super().__init__(message, **kw)
        self.file = file


class FileFormatError(KemitraanError):
    """A file cannot be read as a partner map.

    ``file`` is the file name, ``row`` the 1-based row (the header is row 1)
    and ``column`` the column name, each ``None`` when not known.

    >>> e = FileFormatError("Berkas peta.csv, baris 4: salah.", file="peta.csv", row=4)
    >>> (e.file, e.row, e.column)
    ('peta.csv', 4, None)
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        field: str | None = None,
        value: object = None,
        allowed: tuple | None = None,
    ) -> None:
        super().__init__(message, field=field, value=value, allowed=allowed)
        self.file = file
        self.row = row
        self.column = column
