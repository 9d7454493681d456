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

__all__ = [
    "KemitraanError",
    "InvalidValueError",
    "DuplicateNameError",
    "UnknownPartnerError",
    "UnknownLinkError",
    "FileFormatError",
    "FileAccessError",
    "format_choices",
]


def format_choices(choices) -> str:
    """Join allowed values for a message: ``'a, b, c'``.

    >>> format_choices(["kelompok", "tokoh"])
    'kelompok, tokoh'
    """
    return ", ".join(str(c) for c in choices)


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
        super().__init__(message)
        self.message = message
        self.field = field
        self.value = value
        self.allowed = tuple(allowed) if allowed is not None else None

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
