"""Analysis: the power-interest grid, networkx measures, brokers, gaps, summary."""

import random

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kemitraan_lib import analysis, content
from kemitraan_lib.errors import InvalidValueError
from kemitraan_lib.network import Partner, PartnerNetwork


def chain(n=5, extra=()):
    """A-B-C-... path plus extra partners."""
    net = PartnerNetwork()
    names = [f"P{i}" for i in range(n)]
    for i, name in enumerate(names):
        net.add_partner(name=name, category=["kelompok", "tokoh", "usaha"][i % 3])
    for a, b in zip(names, names[1:], strict=False):
        net.add_link(a, b, "informasi")
    for name, cat in extra:
        net.add_partner(name=name, category=cat)
    return net


@pytest.mark.parametrize(
    "influence,interest,key",
    [(5, 5, "kelola-dekat"), (3, 3, "kelola-dekat"), (3, 2, "jaga-kepuasan"),
     (2, 3, "jaga-informasi"), (2, 2, "pantau"), (0, 0, "pantau"), (0, 5, "jaga-informasi"),
     (5, 0, "jaga-kepuasan")],
)
def test_quadrant_boundaries(influence, interest, key):
    q = analysis.quadrant(Partner("X", "tokoh", influence=influence, interest=interest))
    assert q.key == key
    assert q in content.QUADRANTS


def test_quadrant_agrees_with_content_flags():
    for q in content.QUADRANTS:
        p = Partner("X", "tokoh", influence=4 if q.high_influence else 1,
                    interest=4 if q.high_interest else 1)
        assert analysis.quadrant(p) is q


def test_grid_lists_every_partner_once_in_map_order():
    net = PartnerNetwork()
    for name, inf, intr in [("A", 5, 5), ("B", 1, 1), ("C", 4, 4), ("D", 4, 0)]:
        net.add_partner(name=name, category="tokoh", influence=inf, interest=intr)
    g = analysis.grid(net)
    assert list(g) == [q.key for q in content.QUADRANTS]
    assert g == {"kelola-dekat": ["A", "C"], "jaga-kepuasan": ["D"], "jaga-informasi": [],
                 "pantau": ["B"]}


def test_to_graph_merges_parallel_links():
    net = chain(3)
    net.add_link("P0", "P1", "konflik", strength=3)
    g = analysis.to_graph(net)
    assert isinstance(g, nx.Graph) and not g.is_directed()
    assert g.number_of_nodes() == 3 and g.number_of_edges() == 2
    edge = g.edges["P0", "P1"]
    assert edge["types"] == ["informasi", "konflik"] and edge["strength"] == 3
    assert edge["conflict"] is True and len(edge["links"]) == 2
    assert g.nodes["P1"]["category"] == "tokoh"


def test_centrality_on_a_path():
    c = analysis.centrality(chain(5))
    assert list(c.columns) == ["degree", "betweenness"]
    assert c.index.name == "nama"
    assert c.loc["P2", "betweenness"] == pytest.approx(4 / 6)  # middle of a 5-path
    assert c.loc["P0", "betweenness"] == 0
    assert list(c["degree"]) == [1, 2, 2, 2, 1]


def test_brokers_highest_betweenness_first_positive_only():
    net = chain(5, extra=[("Sendiri", "koperasi")])
    assert analysis.brokers(net) == ["P2", "P1", "P3"]
    assert analysis.brokers(net, top=1) == ["P2"]
    assert analysis.brokers(chain(2)) == []
    with pytest.raises(InvalidValueError, match="'tiga'"):
        analysis.brokers(net, top="tiga")


def test_isolated_and_missing_kinds():
    net = chain(3, extra=[("Sendiri", "lainnya"), ("Juga Sendiri", "pemerintah")])
    assert analysis.isolated(net) == ["Sendiri", "Juga Sendiri"]
    assert [k.key for k in analysis.missing_kinds(net)] == ["koperasi"]
    assert [k.key for k in analysis.missing_kinds(PartnerNetwork())] == [
        "kelompok", "tokoh", "usaha", "koperasi", "pemerintah"]


@pytest.mark.parametrize("category,expected", list(analysis.APPROACH_BY_CATEGORY.items()))
def test_suggested_approach_by_category(category, expected):
    assert analysis.suggested_approach(Partner("X", category)).key == expected


def test_chosen_approach_wins():
    p = Partner("X", "pemerintah", approach="personal")
    assert analysis.suggested_approach(p).key == "personal"


def test_rule_covers_every_category():
    assert set(analysis.APPROACH_BY_CATEGORY) == {c.key for c in content.CATEGORIES}


def test_summary_columns_labels_and_values():
    net = chain(3)
    net.update_partner("P1", influence=4, interest=4, support=-1)
    df = analysis.summary(net)
    assert list(df.columns) == ["nama", "jenis", "pengaruh", "kepentingan", "dukungan",
                                "kuadran", "derajat", "keperantaraan", "pendekatan"]
    row = df.iloc[1]
    assert row["nama"] == "P1"
    assert row["jenis"] == content.by_key(content.CATEGORIES, "tokoh").label
    assert row["kuadran"] == content.by_key(content.QUADRANTS, "kelola-dekat").label
    assert row["pendekatan"] == content.by_key(content.APPROACHES, "personal").label
    assert (row["pengaruh"], row["dukungan"], row["derajat"]) == (4, -1, 2)
    assert row["keperantaraan"] == 1.0


def test_summary_of_empty_map_has_the_columns():
    df = analysis.summary(PartnerNetwork())
    assert len(df) == 0 and list(df.columns) == list(analysis.SUMMARY_COLUMNS)


def test_wrong_argument_is_explained():
    with pytest.raises(InvalidValueError, match="PartnerNetwork"):
        analysis.summary([1, 2])
    with pytest.raises(InvalidValueError, match="Partner"):
        analysis.quadrant("KWT Melati")


@settings(max_examples=40, deadline=None)
@given(st.integers(3, 30), st.integers(0, 80), st.integers(0, 10_000))
def test_betweenness_equals_networkx(n, m, seed):
    g = nx.gnm_random_graph(n, m, seed=seed)
    ours = analysis.betweenness(g)
    ref = nx.betweenness_centrality(g)
    assert ours == pytest.approx(ref)


def test_sampled_betweenness_equals_networkx_with_same_seed():
    g = nx.gnm_random_graph(300, 700, seed=3)
    g = nx.relabel_nodes(g, {i: f"M{i}" for i in g})
    ours = analysis.betweenness(g, k=40, seed=7)
    ref = nx.betweenness_centrality(g, k=40, seed=7)
    assert ours == pytest.approx(ref)


def test_large_maps_use_repeatable_sampling(monkeypatch):
    monkeypatch.setattr(analysis, "EXACT_LIMIT", 50)
    monkeypatch.setattr(analysis, "SAMPLE_SIZE", 20)
    net = PartnerNetwork()
    rnd = random.Random(1)
    for i in range(120):
        net.add_partner(name=f"M{i}", category="kelompok")
    for i in range(1, 120):
        net.add_link(f"M{i}", f"M{rnd.randrange(i)}", "informasi")
    first = analysis.centrality(net)["betweenness"]
    again = analysis.centrality(net)["betweenness"]
    assert first.equals(again)
    g = analysis.to_graph(net)
    ref = nx.betweenness_centrality(g, k=20, seed=analysis.SAMPLE_SEED)
    assert list(first) == pytest.approx([ref[f"M{i}"] for i in range(120)])


def test_cached_measures_follow_every_change():
    net = chain(3)
    assert analysis.brokers(net) == ["P1"]
    net.add_link("P0", "P2", "dana")  # now a triangle: nobody is a broker
    assert analysis.brokers(net) == []
    assert list(analysis.centrality(net)["degree"]) == [2, 2, 2]
    net.remove_link("P0", "P2", "dana")
    assert analysis.brokers(net) == ["P1"]
    other = chain(4)
    assert analysis.summary(other)["nama"].tolist() == ["P0", "P1", "P2", "P3"]
    assert analysis.summary(net)["nama"].tolist() == ["P0", "P1", "P2"]


def test_rescaled_measures_after_isolated_partners_equal_networkx():
    """The cache rescales betweenness when partners without links come and go."""
    import networkx as nx

    net = chain(6)
    net.add_link("P0", "P3", "informasi")
    analysis.MEASURES.clear()
    analysis.centrality(net)  # computed once, then only rescaled below
    for step in range(3):
        net.add_partner(name=f"Sendiri {step}", category="tokoh")
        expected = nx.betweenness_centrality(analysis.to_graph(net))
        got = analysis.centrality(net)["betweenness"].to_dict()
        assert got.keys() == expected.keys()
        assert all(abs(got[k] - expected[k]) < 1e-12 for k in got), (got, expected)
    net.remove_partner("Sendiri 0")
    expected = nx.betweenness_centrality(analysis.to_graph(net))
    got = analysis.centrality(net)["betweenness"].to_dict()
    assert all(abs(got[k] - expected[k]) < 1e-12 for k in got)
