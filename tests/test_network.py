"""The partner-map model: validation, identity of names, links, atomic changes."""

import time

import pytest

from kemitraan_lib.errors import (
    DuplicateNameError,
    InvalidValueError,
    KemitraanError,
    UnknownLinkError,
    UnknownPartnerError,
)
from kemitraan_lib.network import Link, Partner, PartnerNetwork, normalize_name


@pytest.fixture
def net():
    n = PartnerNetwork(title="Desa Uji")
    n.add_partner(name="Ibu Siti Nur'aini", category="tokoh", influence=4, interest=4,
                  support=2, resources=["jaringan PKK"], approach="personal")
    n.add_partner(name='KUD "Sumber Rezeki"', category="koperasi", influence=3, interest=4)
    n.add_partner(name="Pemerintah Desa", category="pemerintah", influence=5, interest=3)
    n.add_partner(name="KTH Wana Lestari", category="kelompok", influence=2, interest=5)
    n.add_link("Pemerintah Desa", "Ibu Siti Nur'aini", "informasi", strength=3)
    n.add_link("KTH Wana Lestari", 'KUD "Sumber Rezeki"', "dana", "satu-arah", 2)
    return n


# ----------------------------------------------------------------- valid input
def test_partner_tidies_values():
    p = Partner("  Pak Haji Ahmad ", "Tokoh", influence="4", interest=3.0, support="+2",
                resources="lahan; tenaga ;; Lahan\nmodal", approach="Pendekatan personal",
                contact=" 0812-0000-1 ", notes="baris 1\r\nbaris 2 ")
    assert p == Partner("Pak Haji Ahmad", "tokoh", 4, 3, 2, ("lahan", "tenaga", "modal"),
                        "personal", "0812-0000-1", "baris 1\nbaris 2")
    assert Partner("X", "usaha", support="\u22122").support == -2  # typographic minus


def test_category_accepts_label_any_case():
    assert Partner("X", "koperasi atau kud").category == "koperasi"
    assert Partner("X", "  PEMERINTAH ").category == "pemerintah"


def test_defaults():
    p = Partner("X", "lainnya")
    assert (p.influence, p.interest, p.support, p.resources, p.approach, p.contact,
            p.notes) == (0, 0, 0, (), "", "", "")


def test_normalize_name_ignores_case_and_all_spaces():
    assert normalize_name(" Ibu  SITI\tNur'aini ") == normalize_name("ibu siti nur'aini")
    assert normalize_name("KUD A") != normalize_name("KUD B")


def test_links_use_canonical_spelling_and_keys(net):
    link = net.add_link("ibu siti NUR'AINI", "kth wana lestari", "Pembinaan", "Satu arah", "2")
    assert link == Link("Ibu Siti Nur'aini", "KTH Wana Lestari", "pembinaan", "satu-arah", 2)
    assert link in net.links_of("KTH Wana Lestari")
    assert "ibu siti nur'aini" in net and "Orang Lain" not in net and 5 not in net


def test_dua_arah_link_is_found_from_both_ends(net):
    assert net.get_link("Ibu Siti Nur'aini", "Pemerintah Desa", "informasi").strength == 3
    removed = net.remove_link("ibu siti nur'aini", "pemerintah desa", "informasi")
    assert removed.type == "informasi"
    assert len(net.links) == 1


def test_satu_arah_links_in_both_directions_may_coexist(net):
    net.add_link('KUD "Sumber Rezeki"', "KTH Wana Lestari", "dana", "satu-arah")
    assert len(net.links) == 3
    with pytest.raises(UnknownLinkError):
        net.get_link("Pemerintah Desa", "KTH Wana Lestari", "dana")


def test_add_partner_accepts_indonesian_keywords_mapping_and_partner():
    n = PartnerNetwork()
    a = n.add_partner(nama="KWT Melati", jenis="kelompok", pengaruh="2", sumber_daya="tenaga")
    b = n.add_partner({"name": "Dinas LH", "category": "pemerintah"})
    c = n.add_partner(Partner("Bank", "usaha"))
    assert [p.name for p in n.partners] == ["KWT Melati", "Dinas LH", "Bank"]
    assert a.influence == 2 and a.resources == ("tenaga",) and b.category == "pemerintah"
    assert c is n.get_partner("bank")


def test_update_partner_rename_rewrites_links_and_keeps_order(net):
    net.update_partner("ibu siti nur'aini", name="Ibu Siti Nuraini (PKK)", influence=5)
    assert [p.name for p in net.partners][0] == "Ibu Siti Nuraini (PKK)"
    assert "Ibu Siti Nur'aini" not in net
    assert net.links[0].target == "Ibu Siti Nuraini (PKK)"
    assert net.get_link("Pemerintah Desa", "ibu siti nuraini (pkk)", "informasi")
    assert net.get_partner("Ibu Siti Nuraini (PKK)").influence == 5


def test_rename_to_same_normalised_name_is_allowed():
    n = PartnerNetwork()
    n.add_partner(name="budi", category="tokoh")
    n.add_partner(name="Ani", category="tokoh")
    n.add_link("budi", "Ani", "informasi")
    n.update_partner("BUDI", name="Budi")
    assert n.get_partner("budi").name == "Budi"
    assert n.links[0].source == "Budi"


def test_remove_partner_removes_its_links(net):
    net.remove_partner("KTH Wana Lestari")
    assert len(net) == 3 and len(net.links) == 1
    with pytest.raises(UnknownPartnerError):
        net.links_of("KTH Wana Lestari")


def test_update_link_changes_direction_from_the_named_end(net):
    new = net.update_link("Ibu Siti Nur'aini", "Pemerintah Desa", "informasi",
                          direction="satu-arah", strength=1)
    assert (new.source, new.target, new.direction, new.strength) == (
        "Ibu Siti Nur'aini", "Pemerintah Desa", "satu-arah", 1)
    assert net.links[0] == new
    retyped = net.update_link("Ibu Siti Nur'aini", "Pemerintah Desa", "informasi",
                              jenis="pembinaan")
    assert net.get_link("Ibu Siti Nur'aini", "Pemerintah Desa", "pembinaan") == retyped


def test_to_dict_from_dict_round_trip_and_copy(net):
    d = net.to_dict()
    again = PartnerNetwork.from_dict(d)
    assert again == net and again.to_dict() == d
    twin = net.copy()
    twin.add_partner(name="Baru", category="lainnya")
    assert len(net) == 4 and len(twin) == 5 and twin != net


def test_equality_and_len(net):
    assert net == PartnerNetwork.from_dict(net.to_dict())
    assert net != PartnerNetwork(title="Desa Uji")
    assert len(net) == 4
    assert "4 mitra" in repr(net)


def test_subscribe_reports_successful_changes_only(net):
    events = []
    unsubscribe = net.subscribe(lambda event, payload: events.append((event, payload)))
    p = net.add_partner(name="Baru", category="usaha")
    with pytest.raises(DuplicateNameError):
        net.add_partner(name="baru", category="usaha")
    net.update_partner("Baru", influence=2)
    net.add_link("Baru", "Pemerintah Desa", "dana")
    net.remove_partner("Baru")
    unsubscribe()
    net.add_partner(name="Sesudah", category="usaha")
    assert [e for e, _ in events] == ["partner_added", "partner_updated", "link_added",
                                      "partner_removed"]
    assert events[0][1] == p
    assert events[3][1][0].name == "Baru" and len(events[3][1][1]) == 1


def test_title_is_checked(net):
    net.title = "Peta baru"
    assert net.title == "Peta baru"
    with pytest.raises(InvalidValueError, match="200"):
        net.title = "x" * 201
    assert net.title == "Peta baru"


def test_add_partner_is_fast_at_500_partners():
    n = PartnerNetwork()
    for i in range(500):
        n.add_partner(name=f"Mitra {i}", category="kelompok")
    start = time.process_time()
    for i in range(500, 600):
        n.add_partner(name=f"Mitra {i}", category="kelompok", influence=i % 6)
    per_call = (time.process_time() - start) / 100
    assert per_call < 0.001, per_call


def test_many_links_are_indexed():
    n = PartnerNetwork()
    for i in range(2000):
        n.add_partner(name=f"M{i}", category="kelompok")
    start = time.process_time()
    for i in range(1999):
        n.add_link(f"M{i}", f"M{i + 1}", "informasi")
    assert time.process_time() - start < 1.0
    assert len(n.links_of("M5")) == 2


# ----------------------------------------------------------------- bad input
# (action, expected class, texts the message must contain: the bad value and
# something allowed). Each must leave the network exactly as it was.
BAD = [
    (lambda n: n.add_partner(name="A", category="tokoh", influence=7),
     InvalidValueError, ["7", "0 sampai 5", "Pengaruh"]),
    (lambda n: n.add_partner(name="A", category="tokoh", influence="3.5"),
     InvalidValueError, ["'3.5'", "0 sampai 5"]),
    (lambda n: n.add_partner(name="A", category="tokoh", influence=True),
     InvalidValueError, ["True", "0 sampai 5"]),
    (lambda n: n.add_partner(name="A", category="tokoh", interest=None),
     InvalidValueError, ["None", "0 sampai 5", "Kepentingan"]),
    (lambda n: n.add_partner(name="A", category="tokoh", interest=-1),
     InvalidValueError, ["-1", "0 sampai 5"]),
    (lambda n: n.add_partner(name="A", category="tokoh", support=3),
     InvalidValueError, ["3", "-2 sampai +2", "Dukungan"]),
    (lambda n: n.add_partner(name="A", category="tokoh", support="sangat"),
     InvalidValueError, ["'sangat'", "-2 sampai +2"]),
    (lambda n: n.add_partner(name="A", category="bank"),
     InvalidValueError, ["'bank'", "kelompok, tokoh, usaha, koperasi, pemerintah, lainnya"]),
    (lambda n: n.add_partner(name="A", category=""),
     InvalidValueError, ["''", "kelompok"]),
    (lambda n: n.add_partner(name="A", category="tokoh", approach="santai"),
     InvalidValueError, ["'santai'", "personal, informal, formal"]),
    (lambda n: n.add_partner(name="   ", category="tokoh"),
     InvalidValueError, ["'   '", "1 sampai 80"]),
    (lambda n: n.add_partner(name="x" * 81, category="tokoh"),
     InvalidValueError, ["81 huruf", "80"]),
    (lambda n: n.add_partner(name="Budi\nSantoso", category="tokoh"),
     InvalidValueError, ["'Budi\\nSantoso'", "1 sampai 80"]),
    (lambda n: n.add_partner(name=123, category="tokoh"),
     InvalidValueError, ["123", "teks"]),
    (lambda n: n.add_partner(name=" ibu  SITI nur'aini", category="tokoh"),
     DuplicateNameError, ["\"ibu  SITI nur'aini\"", "\"Ibu Siti Nur'aini\"", "nama lain"]),
    (lambda n: n.add_partner(name="A", category="tokoh", contact="0812\t99"),
     InvalidValueError, ["'0812\\t99'", "200"]),
    (lambda n: n.add_partner(name="A", category="tokoh", notes="x" * 5001),
     InvalidValueError, ["5001 huruf", "5000"]),
    (lambda n: n.add_partner(name="A", category="tokoh", resources=42),
     InvalidValueError, ["42", "'lahan; tenaga'"]),
    (lambda n: n.add_partner(name="A", category="tokoh", resources=["lahan", 5]),
     InvalidValueError, ["5", "'lahan; tenaga'"]),
    (lambda n: n.add_partner(nama="A", jenis="tokoh", umur=3),
     InvalidValueError, ["'umur'", "nama", "influence"]),
    (lambda n: n.add_partner(nama="A"),
     InvalidValueError, ["'jenis'", "nama"]),
    (lambda n: n.update_partner("Tidak Ada", influence=1),
     UnknownPartnerError, ["'Tidak Ada'", "Pemerintah Desa"]),
    (lambda n: n.update_partner("KTH Wana Lestari", name="pemerintah desa"),
     DuplicateNameError, ["'pemerintah desa'", "'Pemerintah Desa'", "nama lain"]),
    (lambda n: n.update_partner("KTH Wana Lestari", interest="9"),
     InvalidValueError, ["'9'", "0 sampai 5"]),
    (lambda n: n.update_partner("KTH Wana Lestari", name=""),
     InvalidValueError, ["''", "1 sampai 80"]),
    (lambda n: n.remove_partner("Ibu Sity"),
     UnknownPartnerError, ["'Ibu Sity'", "\"Ibu Siti Nur'aini\""]),
    (lambda n: n.add_link("Pemerintah Desa", "Kantor Camat", "informasi"),
     UnknownPartnerError, ["'Kantor Camat'", "Pemerintah Desa"]),
    (lambda n: n.add_link("Pemerintah Desa", "KTH Wana Lestari", "gosip"),
     InvalidValueError, ["'gosip'", "informasi, dana, barang, pembinaan, kewenangan, konflik"]),
    (lambda n: n.add_link("Pemerintah Desa", "KTH Wana Lestari", "dana", "bolak-balik"),
     InvalidValueError, ["'bolak-balik'", "dua-arah, satu-arah"]),
    (lambda n: n.add_link("Pemerintah Desa", "KTH Wana Lestari", "dana", strength=0),
     InvalidValueError, ["0", "1 sampai 3", "Kekuatan"]),
    (lambda n: n.add_link("Pemerintah Desa", "KTH Wana Lestari", "dana", strength="4"),
     InvalidValueError, ["'4'", "1 sampai 3"]),
    (lambda n: n.add_link("Pemerintah Desa", "pemerintah  desa", "dana"),
     InvalidValueError, ["'Pemerintah Desa'", "mitra lain"]),
    (lambda n: n.add_link("Ibu Siti Nur'aini", "Pemerintah Desa", "informasi"),
     DuplicateNameError, ["'informasi'", "sudah ada", "jenis hubungan lain"]),
    (lambda n: n.remove_link("Pemerintah Desa", "KTH Wana Lestari", "dana"),
     UnknownLinkError, ["'dana'", "'KTH Wana Lestari'", "Belum ada hubungan"]),
    (lambda n: n.remove_link('KUD "Sumber Rezeki"', "KTH Wana Lestari", "dana"),
     UnknownLinkError, ["'dana'", "KTH Wana Lestari → KUD"]),
    (lambda n: n.update_link("Pemerintah Desa", "Ibu Siti Nur'aini", "informasi", strength=5),
     InvalidValueError, ["5", "1 sampai 3"]),
    (lambda n: n.update_link("Pemerintah Desa", "Ibu Siti Nur'aini", "informasi", warna="x"),
     InvalidValueError, ["'warna'", "strength"]),
    (lambda n: n.add_partner(Partner("Z", "tokoh"), name="Y"),
     InvalidValueError, ["Partner", "nama="]),
]


@pytest.mark.parametrize("action,cls,texts", BAD, ids=[f"bad{i:02d}" for i in range(len(BAD))])
def test_bad_input_is_refused_clearly_and_changes_nothing(net, action, cls, texts):
    before = net.to_dict()
    events = []
    net.subscribe(lambda e, p: events.append(e))
    with pytest.raises(cls) as info:
        action(net)
    err = info.value
    assert isinstance(err, ValueError) and isinstance(err, KemitraanError)
    message = str(err)
    for text in texts:
        assert text in message, (text, message)
    assert net.to_dict() == before
    assert events == []


def test_at_least_thirty_distinct_bad_inputs():
    assert len(BAD) >= 30


def test_bad_partner_errors_name_the_field():
    with pytest.raises(InvalidValueError) as info:
        Partner("A", "tokoh", interest=8)
    assert (info.value.field, info.value.value) == ("kepentingan", 8)
    assert info.value.allowed == (0, 1, 2, 3, 4, 5)
    with pytest.raises(InvalidValueError) as info:
        Link("A", "B", "dana", strength=9)
    assert info.value.field == "kekuatan"


def test_from_dict_rejects_bad_data_without_partial_result():
    with pytest.raises(InvalidValueError, match="'bank'"):
        PartnerNetwork.from_dict({"partners": [{"name": "A", "category": "bank"}]})
    with pytest.raises(InvalidValueError, match="kamus"):
        PartnerNetwork.from_dict(["not", "a", "dict"])


def test_failing_observer_does_not_undo_the_change_and_others_still_hear(net):
    heard = []

    def broken(event, payload):
        raise RuntimeError("view broke")

    net.subscribe(broken)
    net.subscribe(lambda e, p: heard.append(e))
    with pytest.raises(RuntimeError):
        net.add_partner(name="Baru", category="usaha")
    assert "Baru" in net and heard == ["partner_added"]


def test_fast_character_check_matches_the_unicode_rule():
    from kemitraan_lib.texts import BAD_MULTILINE_RE as _BAD_MULTILINE_RE
    from kemitraan_lib.texts import BAD_RE as _BAD_RE
    from kemitraan_lib.texts import is_control as _is_control

    points = list(range(0x10000)) + [p * 0x10000 + o for p in range(1, 17)
                                     for o in (0, 0x41, 0xFFFD, 0xFFFE, 0xFFFF)]
    for cp in points:
        ch = chr(cp)
        assert bool(_BAD_RE.match(ch)) == _is_control(ch), hex(cp)
        assert bool(_BAD_MULTILINE_RE.match(ch)) == (_is_control(ch) and ch not in "\t\n")
