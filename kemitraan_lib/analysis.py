"""Reading a partner map: the power-interest grid, brokers, gaps, a summary table.

* :func:`quadrant` / :func:`grid`: where each partner sits on the power
  (influence) - interest grid. A value of 3 or more on the 0..5 scale counts
  as high. High influence + high interest: manage closely; high influence
  only: keep satisfied; high interest only: keep informed; neither: monitor.
* :func:`centrality` / :func:`brokers`: degree and betweenness on the
  undirected graph of all links (:func:`to_graph`, a ``networkx.Graph``).
  Partners with high betweenness sit on many shortest paths between others:
  they are the brokers ("perantara") who can open doors.
* :func:`isolated`, :func:`missing_kinds`: who has no link yet, and which of
  the five kinds of partner the map still lacks.
* :func:`summary`: one pandas DataFrame with Indonesian column names.

networkx and pandas are imported inside the functions, so importing this
module is cheap.

Betweenness is normalised exactly as ``networkx.betweenness_centrality(G)``
(unweighted, ``normalized=True``, ``endpoints=False``). :func:`betweenness`
computes the same numbers with a leaner implementation of Brandes' algorithm
over integer adjacency lists (about 2-3x faster than networkx' pure-Python
version; the tests check both give the same values), so that a map of 1,000
partners is analysed in well under a second. For graphs of more than
:data:`EXACT_LIMIT` (2,000) partners, betweenness is *estimated* from
:data:`SAMPLE_SIZE` source partners drawn with the fixed seed
:data:`SAMPLE_SEED`, the same sampling and scaling networkx uses for
``betweenness_centrality(G, k=SAMPLE_SIZE, seed=SAMPLE_SEED)``: results are
repeatable run after run.

>>> from kemitraan_lib.network import PartnerNetwork
>>> net = PartnerNetwork()
>>> for name, cat, inf, intr in [("Kepala Desa", "pemerintah", 5, 4),
...                              ("KTH Wana", "kelompok", 2, 5),
...                              ("CV Kayu", "usaha", 4, 1)]:
...     _ = net.add_partner(name=name, category=cat, influence=inf, interest=intr)
>>> _ = net.add_link("Kepala Desa", "KTH Wana", "pembinaan")
>>> _ = net.add_link("Kepala Desa", "CV Kayu", "informasi")
>>> grid(net)["kelola-dekat"], quadrant(net.get_partner("CV Kayu")).key
(['Kepala Desa'], 'jaga-kepuasan')
>>> brokers(net)
['Kepala Desa']
>>> [k.key for k in missing_kinds(net)]
['tokoh', 'koperasi']
>>> list(summary(net).columns)
['nama', 'jenis', 'pengaruh', 'kepentingan', 'dukungan', 'kuadran', 'derajat', \
'keperantaraan', 'pendekatan']
"""

from __future__ import annotations

import random

from . import fields as _fields
from .errors import InvalidValueError, check_type, show
from .network import Partner, PartnerNetwork

__all__ = [
    "HIGH",
    "EXACT_LIMIT",
    "SAMPLE_SIZE",
    "SAMPLE_SEED",
    "APPROACH_BY_CATEGORY",
    "quadrant",
    "grid",
    "to_graph",
    "betweenness",
    "centrality",
    "brokers",
    "isolated",
    "missing_kinds",
    "suggested_approach",
    "summary",
    "SUMMARY_COLUMNS",
    "Measures",
    "MEASURES",
]

#: A value >= HIGH on the 0..5 scale counts as "high" on the grid.
HIGH = 3
#: Above this many partners betweenness is estimated by sampling.
EXACT_LIMIT = 2000
#: Number of source partners sampled for large graphs.
SAMPLE_SIZE = 200
#: Fixed seed: sampled results are the same on every run.
SAMPLE_SEED = 42

#: Approach suggested when none has been chosen yet (see :func:`suggested_approach`).
APPROACH_BY_CATEGORY = {
    "tokoh": "personal",
    "kelompok": "informal",
    "koperasi": "informal",
    "usaha": "formal",
    "pemerintah": "formal",
    "lainnya": "informal",
}

#: Column names of :func:`summary` (labels: :data:`kemitraan_lib.fields.SUMMARY_COLUMNS`).
SUMMARY_COLUMNS = tuple(c.key for c in _fields.SUMMARY_COLUMNS)


def _check_network(network) -> PartnerNetwork:
    return check_type(network, PartnerNetwork, "Yang dianalisis",
                      "sebuah peta mitra (PartnerNetwork), misalnya dari load_case(...)")


def _check_partner(partner) -> Partner:
    return check_type(partner, Partner, "Yang dinilai",
                      "seorang/sebuah mitra (Partner), misalnya peta.get_partner('nama')")


def _quadrant_key(partner: Partner) -> str:
    hi_inf = partner.influence >= HIGH
    hi_int = partner.interest >= HIGH
    if hi_inf and hi_int:
        return "kelola-dekat"
    if hi_inf:
        return "jaga-kepuasan"
    if hi_int:
        return "jaga-informasi"
    return "pantau"


def quadrant(partner: Partner):
    """The power-interest quadrant (a ``content.Quadrant``) of one partner.

    >>> quadrant(Partner("Dinas LH", "pemerintah", influence=4, interest=2)).key
    'jaga-kepuasan'
    >>> quadrant(Partner("KWT Melati", "kelompok", influence=1, interest=3)).key
    'jaga-informasi'
    """
    from . import content

    return content.by_key(content.QUADRANTS, _quadrant_key(_check_partner(partner)))


def grid(network: PartnerNetwork) -> dict[str, list[str]]:
    """Quadrant key -> partner names (map order); all four keys are always present."""
    from . import content

    out: dict[str, list[str]] = {q.key: [] for q in content.QUADRANTS}
    for p in _check_network(network).partners:
        out[_quadrant_key(p)].append(p.name)
    return out


def to_graph(network: PartnerNetwork):
    """An undirected ``networkx.Graph`` of all partners and links.

    Node attributes: ``category``, ``influence``, ``interest``, ``support``.
    Several links between one pair become one edge with ``types`` (link
    types, map order), ``strength`` (the strongest), ``links`` (the Link
    objects) and ``conflict`` (True when one of them is a conflict).
    """
    import networkx as nx

    g = nx.Graph()
    for p in _check_network(network).partners:
        g.add_node(p.name, category=p.category, influence=p.influence,
                   interest=p.interest, support=p.support)
    for link in network.links:
        u, v = link.source, link.target
        data = g.get_edge_data(u, v)
        if data is None:
            g.add_edge(u, v, types=[link.type], strength=link.strength, links=[link],
                       conflict=link.type == "konflik")
        else:
            data["types"].append(link.type)
            data["links"].append(link)
            data["strength"] = max(data["strength"], link.strength)
            data["conflict"] = data["conflict"] or link.type == "konflik"
    return g


def betweenness(graph, k: int | None = None, seed: int = SAMPLE_SEED) -> dict:
    """Normalised betweenness of an undirected, unweighted graph.

    Same values as ``networkx.betweenness_centrality(graph, k=k, seed=seed)``
    (``normalized=True``, ``endpoints=False``), computed faster. With ``k``,
    only ``k`` source nodes drawn by ``random.Random(seed)`` are used.
    """
    import networkx as nx

    check_type(graph, nx.Graph, "Graf", "sebuah networkx.Graph, misalnya dari to_graph(peta)")
    if graph.is_directed() or graph.is_multigraph():
        raise InvalidValueError("Graf harus tidak berarah dan tanpa garis ganda (nx.Graph).",
                                value=type(graph).__name__, allowed=("networkx.Graph",))
    if k is not None and (isinstance(k, bool) or not isinstance(k, int) or k < 1):
        raise InvalidValueError(f"k harus bilangan bulat 1 atau lebih (atau None); nilai "
                                f"{show(k)} tidak diterima.", field="k", value=k,
                                allowed=("None", "1, 2, ..."))
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise InvalidValueError(f"seed harus bilangan bulat; nilai {show(seed)} tidak diterima.",
                                field="seed", value=seed, allowed=("bilangan bulat",))
    nodes = list(graph)
    n = len(nodes)
    result = dict.fromkeys(nodes, 0.0)
    if n < 3:
        return result
    index = {node: i for i, node in enumerate(nodes)}
    adj = [[index[w] for w in graph[v] if w != v] for v in nodes]
    if k is None or k >= n:
        sources = range(n)
        sampled = None
    else:
        picked = random.Random(seed).sample(nodes, k)
        sources = [index[v] for v in picked]
        sampled = set(sources)
    cb = [0.0] * n
    for s in sources:
        sigma = [0] * n
        dist = [-1] * n
        sigma[s] = 1
        dist[s] = 0
        order = [s]
        pred_v: list[int] = []  # shortest-path DAG edges (v -> w), in discovery order
        pred_w: list[int] = []
        push, push_v, push_w = order.append, pred_v.append, pred_w.append
        for v in order:  # breadth-first search counting shortest paths (order grows)
            dv = dist[v] + 1
            sv = sigma[v]
            for w in adj[v]:
                dw = dist[w]
                if dw < 0:
                    push(w)
                    dist[w] = dv
                    sigma[w] = sv
                    push_v(v)
                    push_w(w)
                elif dw == dv:
                    sigma[w] += sv
                    push_v(v)
                    push_w(w)
        delta = [0.0] * n
        # Accumulate dependencies: edges found later end deeper, so walking the
        # edge list backwards finishes every delta[w] before it is used.
        for j in range(len(pred_v) - 1, -1, -1):
            w = pred_w[j]
            v = pred_v[j]
            delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w])
        delta[s] = 0.0
        for w in order:
            cb[w] += delta[w]
    big_n = n - 1  # valid targets per source (endpoints excluded)
    if sampled is None:
        scale = 1.0 / (big_n * (big_n - 1))
        for i, node in enumerate(nodes):
            result[node] = cb[i] * scale
    else:
        kk = len(sources)
        scale_source = 1.0 / ((kk - 1) * (big_n - 1)) if kk > 1 else float("nan")
        scale_other = 1.0 / (kk * (big_n - 1))
        for i, node in enumerate(nodes):
            result[node] = cb[i] * (scale_source if i in sampled else scale_other)
    return result


class Measures:
    """Degree and betweenness of the partners, recomputed only when the links change.

    The one cache of the measures (analysis functions and the Peta Mitra widget
    share it). Betweenness costs O(partners x links); most edits (a partner's
    scores, notes, a new partner without links) leave the links alone. Adding
    or removing a partner without links changes nobody's shortest paths: the
    raw counts stay and only the normalisation 1/((n-1)(n-2)) changes, so the
    cached counts are rescaled exactly. Values equal :func:`betweenness`.

    >>> from kemitraan_lib.network import PartnerNetwork
    >>> net = PartnerNetwork()
    >>> for name in "ABC":
    ...     _ = net.add_partner(name=name, category="tokoh")
    >>> _ = net.add_link("A", "B", "dana"); _ = net.add_link("B", "C", "dana")
    >>> Measures().get(net)[1]["B"]
    1.0
    """

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        """Forget everything (the next call computes from scratch)."""
        self._seen: tuple = (None, None)
        self._key: object = None
        self._n = 0
        self._raw: dict[str, float] = {}
        self._exact: dict[str, float] = {}
        self._degree: dict[str, int] = {}
        self._result: tuple[dict, dict] = ({}, {})

    def get(self, network: PartnerNetwork) -> tuple[dict[str, int], dict[str, float]]:
        """``(degree, betweenness)``, each ``{name: value}`` for every partner."""
        partners, links = _check_network(network).partners, network.links
        if partners is self._seen[0] and links is self._seen[1]:
            return self._result
        n = len(partners)
        sampled = n > EXACT_LIMIT  # estimates depend on n
        key = (frozenset(frozenset((lk.source, lk.target)) for lk in links),
               n if sampled else None, EXACT_LIMIT, SAMPLE_SIZE, SAMPLE_SEED)
        if key != self._key:
            graph = to_graph(network)
            self._exact = betweenness(graph, k=SAMPLE_SIZE if sampled else None,
                                      seed=SAMPLE_SEED)
            scale = (n - 1) * (n - 2) if n > 2 else 0
            self._raw = {name: value * scale for name, value in self._exact.items()}
            self._degree = dict(graph.degree())
            self._key, self._n = key, n
        if n == self._n:
            between = {p.name: self._exact.get(p.name, 0.0) for p in partners}
        else:
            scale = (n - 1) * (n - 2) if n > 2 else 0
            between = {p.name: (self._raw.get(p.name, 0.0) / scale if scale else 0.0)
                       for p in partners}
        degree = {p.name: self._degree.get(p.name, 0) for p in partners}
        self._seen, self._result = (partners, links), (degree, between)
        return self._result

    def brokers(self, network: PartnerNetwork, top: int = 3) -> list[str]:
        """Names with the highest betweenness (> 0 only), best first.

        Ties are broken by degree (more links first), then map order.
        """
        if isinstance(top, bool) or not isinstance(top, int) or top < 0:
            raise InvalidValueError(
                f"Jumlah perantara (top) harus bilangan bulat 0 atau lebih; nilai {show(top)} "
                "tidak diterima.", field="top", value=top, allowed=("0, 1, 2, ...",),
            )
        degree, between = self.get(network)
        order = {p.name: i for i, p in enumerate(network.partners)}
        ranked = sorted((n for n in order if between[n] > 1e-12),
                        key=lambda n: (-between[n], -degree[n], order[n]))
        return ranked[:top]


#: The shared cache used by :func:`centrality`, :func:`brokers`, :func:`summary`.
MEASURES = Measures()


def centrality(network: PartnerNetwork):
    """DataFrame indexed by partner name with ``degree`` and ``betweenness``.

    ``degree`` counts the distinct partners linked to a partner (several
    links to the same partner count once); ``betweenness`` is normalised
    to 0..1 (see the module docstring for large graphs).
    """
    import pandas as pd

    degree, between = MEASURES.get(network)
    names = [p.name for p in network.partners]
    frame = pd.DataFrame(
        {"degree": [degree[n] for n in names], "betweenness": [between[n] for n in names]},
        index=pd.Index(names, name="nama", dtype=object),
    )
    return frame


def brokers(network: PartnerNetwork, top: int = 3) -> list[str]:
    """Names with the highest betweenness (> 0 only), best first.

    Ties are broken by degree (more links first), then map order.
    """
    return MEASURES.brokers(network, top)


def isolated(network: PartnerNetwork) -> list[str]:
    """Partners with no link at all, in map order."""
    _check_network(network)
    linked = set()
    for link in network.links:
        linked.add(link.source)
        linked.add(link.target)
    return [p.name for p in network.partners if p.name not in linked]


def missing_kinds(network: PartnerNetwork) -> list:
    """The kinds of partner (``content.PARTNER_KINDS``) not yet on the map.

    A varied map (groups, community figures, businesses, cooperatives,
    government) gives the programme more doors to knock on.
    """
    from . import content

    present = {p.category for p in _check_network(network).partners}
    return [kind for kind in content.PARTNER_KINDS if kind.key not in present]


def suggested_approach(partner: Partner):
    """The approach (a ``content.APPROACHES`` item) to use with a partner.

    The partner's own ``approach`` wins when set. Otherwise the rule by
    category (:data:`APPROACH_BY_CATEGORY`) follows the course material:
    personal and informal approaches often work better than formal ones, so
    they are the default; a community figure (tokoh) is best met personally,
    e.g. a visit to the home for a chat; groups, cooperatives and "other"
    partners through the good relations that already exist (informal);
    businesses and government offices through a person's role in the
    institution (formal), because decisions there follow the institution's
    procedures.

    >>> suggested_approach(Partner("Kyai Haji Mahmud", "tokoh")).key
    'personal'
    >>> suggested_approach(Partner("Dinas LH", "pemerintah", approach="informal")).key
    'informal'
    """
    from . import content

    p = _check_partner(partner)
    key = p.approach or APPROACH_BY_CATEGORY.get(p.category, "informal")
    return content.by_key(content.APPROACHES, key)


def summary(network: PartnerNetwork):
    """One row per partner (map order) with Indonesian column names.

    Columns: nama, jenis, pengaruh, kepentingan, dukungan, kuadran, derajat,
    keperantaraan, pendekatan. ``jenis``, ``kuadran`` and ``pendekatan`` hold
    Indonesian labels; ``pendekatan`` is the chosen approach or the suggested
    one; ``keperantaraan`` is the normalised betweenness rounded to 3 places.
    """
    import pandas as pd

    from . import content

    degree, between = MEASURES.get(network)
    cat_label = {c.key: c.label for c in content.CATEGORIES}
    quad_label = {q.key: q.label for q in content.QUADRANTS}
    appr_label = {a.key: a.label for a in content.APPROACHES}
    rows = []
    for p in network.partners:
        appr = p.approach or APPROACH_BY_CATEGORY.get(p.category, "informal")
        rows.append((
            p.name, cat_label.get(p.category, p.category), p.influence, p.interest,
            p.support, quad_label[_quadrant_key(p)], degree[p.name],
            round(between[p.name], 3), appr_label[appr],
        ))
    frame = pd.DataFrame.from_records(rows, columns=list(SUMMARY_COLUMNS))
    if frame.empty:
        frame = frame.astype({"pengaruh": "int64", "kepentingan": "int64", "dukungan": "int64",
                              "derajat": "int64", "keperantaraan": "float64"})
    return frame
