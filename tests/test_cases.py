"""The two fictional running cases in data/."""

import json
import os

import pytest

from kemitraan_lib import analysis, cases
from kemitraan_lib.errors import InvalidValueError
from kemitraan_lib.files import load_network


@pytest.mark.parametrize("key", sorted(cases.CASES))
def test_json_and_excel_hold_the_same_map(key):
    net = cases.load_case(key)
    assert net.title == cases.CASES[key]
    assert load_network(cases.case_path(key, ".xlsx")) == net


def test_menabung_pohon_story():
    net = cases.load_case("menabung-pohon")
    assert 22 <= len(net) <= 28 and 36 <= len(net.links) <= 45
    assert analysis.missing_kinds(net) == []  # all five kinds
    assert {p.category for p in net.partners} >= {"lainnya"}
    for name in ("KTH Wana Lestari", "KWT Melati", "Ibu Siti Nur'aini", 'KUD "Sumber Rezeki"',
                 "UPT KPH Tanah Hijau", "CV Kayu Makmur", "Pemerintah Desa Mekarsari"):
        assert name in net
    assert analysis.isolated(net)  # at least one partner not yet linked
    assert any(link.type == "konflik" for link in net.links)
    assert set(analysis.brokers(net, top=2)) == {"Pemerintah Desa Mekarsari",
                                                 "Sekretariat Program Menabung Pohon"}
    assert "Arif Rahman" in net.get_partner("Sekretariat Program Menabung Pohon").contact
    assert any(p.approach == "" for p in net.partners)  # left for the learner


def test_tas_rajut_story():
    net = cases.load_case("tas-rajut")
    assert 10 <= len(net) <= 14
    for name in ("LKP Kreasi Mandiri", "Swalayan Sinar Jaya", "BP-PAUD dan Dikmas Provinsi"):
        assert name in net
    assert "Dewi Lestari" in net.get_partner("LKP Kreasi Mandiri").contact
    assert analysis.brokers(net, top=1) == ["LKP Kreasi Mandiri"]


def test_cases_are_marked_fictional_and_use_dummy_numbers():
    readme = (cases.data_dir() / "README.md").read_text(encoding="utf-8")
    assert "FIKTIF" in readme
    for key in cases.CASES:
        for p in cases.load_case(key).partners:
            digits = [c for c in p.contact if c.isdigit()]
            if digits:
                assert "0812-0000-" in p.contact, p


def test_each_call_gives_a_fresh_copy():
    a = cases.load_case("tas-rajut")
    a.remove_partner("LKP Kreasi Mandiri")
    assert "LKP Kreasi Mandiri" in cases.load_case("tas-rajut")


def test_key_is_forgiving_but_unknown_keys_are_explained():
    assert cases.load_case(" Tas_Rajut ").title == cases.CASES["tas-rajut"]
    with pytest.raises(InvalidValueError) as info:
        cases.load_case("menabung")
    assert "'menabung'" in str(info.value)
    assert "menabung-pohon, tas-rajut" in str(info.value)
    with pytest.raises(InvalidValueError, match="None"):
        cases.load_case(None)


def test_kemitraan_data_overrides_the_folder(tmp_path, monkeypatch):
    doc = {"format": "kemitraan-peta", "versi": 1, "judul": "Salinan",
           "mitra": [{"nama": "A", "jenis": "tokoh"}], "hubungan": []}
    (tmp_path / "tas-rajut.json").write_text(json.dumps(doc), encoding="utf-8")
    monkeypatch.setenv("KEMITRAAN_DATA", os.fspath(tmp_path))
    assert cases.data_dir() == tmp_path
    assert cases.load_case("tas-rajut").title == "Salinan"
