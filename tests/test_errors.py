"""The error classes: all ValueErrors, Indonesian text, structured attributes."""

import pickle

import pytest

from kemitraan_lib import errors


@pytest.mark.parametrize(
    "cls",
    [
        errors.InvalidValueError,
        errors.DuplicateNameError,
        errors.UnknownPartnerError,
        errors.UnknownLinkError,
        errors.FileFormatError,
        errors.FileAccessError,
    ],
)
def test_every_error_is_a_value_error_and_a_kemitraan_error(cls):
    err = cls("Pesan untuk peserta.", field="pengaruh", value="7", allowed=(0, 5))
    assert isinstance(err, errors.KemitraanError)
    assert isinstance(err, ValueError)
    assert str(err) == "Pesan untuk peserta."
    assert (err.field, err.value, err.allowed) == ("pengaruh", "7", (0, 5))
    with pytest.raises(ValueError, match="Pesan untuk peserta"):
        raise err


def test_defaults_are_none():
    err = errors.KemitraanError("x")
    assert (err.field, err.value, err.allowed) == (None, None, None)


def test_file_format_error_carries_file_row_column():
    err = errors.FileFormatError("Berkas a.csv, baris 4, kolom 'pengaruh': salah.",
                                 file="a.csv", row=4, column="pengaruh", value="9")
    assert (err.file, err.row, err.column, err.value) == ("a.csv", 4, "pengaruh", "9")


def test_errors_survive_pickling_with_their_attributes():
    err = errors.FileFormatError("m", file="f.csv", row=2, column="nama", value="x",
                                 allowed=("a",))
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is errors.FileFormatError
    assert (str(back), back.file, back.row, back.column, back.allowed) == (
        "m", "f.csv", 2, "nama", ("a",))


def test_format_choices():
    assert errors.format_choices(("a", "b", 3)) == "a, b, 3"
