"""The Peta Mitra widget's picture kept between edits (kemitraan_lib.drawing.live).

A redraw after one edit must show the same as a fresh drawing would (same circles,
links and names, still clear of each other), while keeping what did not change:
the names that were clear stay where they were, the links are not rebuilt when
they did not change, and the part of the map shown stays steady.
"""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest
from matplotlib.collections import PathCollection

from kemitraan_lib import cases
from kemitraan_lib.drawing import (
    LiveDrawing,
    count_overlaps,
    draw_network,
    label_boxes,
    map_limits,
)
from kemitraan_lib.drawing.labels import LABEL_GID
from kemitraan_lib.errors import InvalidValueError
from kemitraan_lib.network import PartnerNetwork, normalize_name

matplotlib.use("Agg")


def names_by_box(fig) -> dict[str, tuple]:
    ax = fig.axes[0]
    names = next(c for c in ax.collections if c.get_gid() == LABEL_GID).partner_names
    return dict(zip(names, label_boxes(fig), strict=True))


def nodes_of(fig):
    ax = fig.axes[0]
    found = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(found) == 1
    return found[0]


def link_segments(fig) -> list:
    drawn = []
    for line in fig.axes[0].lines:
        xs, ys = line.get_xdata(), line.get_ydata()
        if line.get_linewidth() < 0.8:  # the thin leader lines of far names
            continue
        for i in range(0, len(xs), 3):
            drawn.append(((round(xs[i], 9), round(ys[i], 9)), (round(xs[i + 1], 9),
                                                               round(ys[i + 1], 9))))
    return sorted(drawn)


@pytest.fixture
def village() -> PartnerNetwork:
    net = cases.load_case("menabung-pohon")
    assert len(net) == 25
    return net


def test_live_picture_shows_what_a_fresh_drawing_shows(village):
    live = LiveDrawing()
    live.figure(village)
    village.add_partner(name="Ibu Lurah Baru", category="tokoh", influence=4)
    village.add_link("Ibu Lurah Baru", village.partners[0].name, "informasi")
    fig = live.figure(village)
    fresh = draw_network(village, positions=live.positions(village), legend=False,
                         caption=False, limits=live.limits)
    live_nodes, fresh_nodes = nodes_of(fig), nodes_of(fresh)
    assert np.allclose(live_nodes.get_offsets(), fresh_nodes.get_offsets())
    assert list(live_nodes.get_sizes()) == list(fresh_nodes.get_sizes())
    assert np.allclose(live_nodes.get_facecolors(), fresh_nodes.get_facecolors())
    assert link_segments(fig) == link_segments(fresh)
    assert len(link_segments(fig)) == len(village.links)
    boxes = names_by_box(fig)
    assert set(boxes) == set(names_by_box(fresh)) and len(boxes) == 26
    assert count_overlaps(list(boxes.values())) == 0
    width, height = fig.canvas.get_width_height()
    for x0, y0, x1, y1 in boxes.values():
        assert x0 >= 0 and y0 >= 0 and x1 <= width and y1 <= height
    assert live.png(village).startswith(b"\x89PNG")


def test_names_that_were_clear_keep_their_place_when_a_partner_is_added(village):
    live = LiveDrawing()
    before = names_by_box(live.figure(village))
    limits = live.limits
    village.add_partner(name="Koperasi Baru", category="koperasi", influence=2)
    after = names_by_box(live.figure(village))
    assert live.limits == limits  # the new partner fell inside the part shown
    moved = [name for name, box in before.items() if not np.allclose(after[name], box)]
    assert len(moved) <= 1, moved  # at most the one the new circle landed under
    assert count_overlaps(list(after.values())) == 0


def test_links_are_rebuilt_only_when_they_change(village):
    live = LiveDrawing()
    fig = live.figure(village)
    lines = list(fig.axes[0].lines)
    village.update_partner(village.partners[3].name, influence=0)  # no link changes
    fig = live.figure(village)
    assert [line for line in fig.axes[0].lines if line in lines]  # the same artists kept
    assert nodes_of(fig).get_sizes()[3] == pytest.approx(nodes_of(draw_network(
        village)).get_sizes()[3])
    village.add_link(village.partners[1].name, village.partners[7].name, "konflik")
    fig = live.figure(village)
    red = [line for line in fig.axes[0].lines
           if matplotlib.colors.to_hex(line.get_color()) == "#d62728"]
    assert red and any(len(line.get_xdata()) >= 3 for line in red)
    assert len(link_segments(fig)) == len(village.links)


def test_part_shown_grows_for_a_far_partner_and_reset_starts_afresh(village):
    live = LiveDrawing()
    live.figure(village)
    first = live.limits
    pos = live.positions(village)
    far_x = max(x for x, _ in pos.values()) + 50.0
    live.layout._pos[normalize_name("Mitra Jauh")] = (far_x, 0.0)  # placed far out
    village.add_partner(name="Mitra Jauh", category="usaha")
    fig = live.figure(village)
    assert live.limits[1] > far_x > first[1]
    assert fig.axes[0].get_xlim() == pytest.approx(live.limits[:2])
    live.reset()
    live.figure(village)
    assert live.limits == pytest.approx(map_limits(np.array(list(
        live.positions(village).values()))))


def test_empty_map_then_partners_again():
    net = PartnerNetwork(title="Kosong")
    live = LiveDrawing()
    fig = live.figure(net)
    assert not [c for c in fig.axes[0].collections if isinstance(c, PathCollection)]
    net.add_partner(name="KTH Wana Lestari", category="kelompok", influence=3)
    net.add_partner(name="Pemerintah Desa", category="pemerintah", influence=5)
    net.add_link("KTH Wana Lestari", "Pemerintah Desa", "pembinaan", direction="satu-arah")
    fig = live.figure(net)
    assert len(nodes_of(fig).get_offsets()) == 2
    assert sum(type(c).__name__ == "Quiver" for c in fig.axes[0].collections) == 1
    net.remove_partner("Pemerintah Desa")
    fig = live.figure(net)
    assert len(nodes_of(fig).get_offsets()) == 1
    assert not fig.axes[0].lines and not [c for c in fig.axes[0].collections
                                          if type(c).__name__ == "Quiver"]


@pytest.mark.parametrize("call", [
    lambda: LiveDrawing("raksasa"),
    lambda: LiveDrawing().figure("bukan peta"),
    lambda: LiveDrawing().png(PartnerNetwork(), dpi=5),
    lambda: map_limits("abc"),
    lambda: map_limits([[1.0, float("nan")]]),
    lambda: draw_network(cases.load_case("menabung-pohon"), limits=(1, 0, 0, 1)),
    lambda: draw_network(cases.load_case("menabung-pohon"), limits="besar"),
])
def test_bad_input_is_refused_in_indonesian(call):
    with pytest.raises(InvalidValueError) as refused:
        call()
    assert any(word in str(refused.value) for word in ("harus", "tidak diterima"))


def test_blitted_picture_is_the_full_drawing(village):
    """Only circles and names are rendered on top of the kept links: the picture must be
    the one a full render of the same figure gives, pixel for pixel."""
    import io

    from PIL import Image

    from kemitraan_lib.drawing import figure_to_png

    def pixels(png: bytes) -> np.ndarray:
        return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)

    live = LiveDrawing()
    live.png(village)
    for name in ("Mitra Satu", "Mitra Dua"):  # links unchanged: the kept background is used
        village.add_partner(name=name, category="tokoh", influence=5)
        blitted = pixels(live.png(village))
        full = pixels(figure_to_png(live.figure(village)))
        assert blitted.shape == full.shape
        assert np.abs(blitted - full).max() <= 2
    village.add_link("Mitra Satu", "Mitra Dua", "konflik")  # a new background
    blitted = pixels(live.png(village))
    assert np.abs(blitted - pixels(figure_to_png(live.figure(village)))).max() <= 2
