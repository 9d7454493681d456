"""Undo/redo over the partner map."""

import pytest

from kemitraan_lib.errors import DuplicateNameError, InvalidValueError
from kemitraan_lib.history import History
from kemitraan_lib.network import PartnerNetwork


@pytest.fixture
def setup():
    net = PartnerNetwork(title="Uji")
    history = History(net)
    history.apply(net.add_partner, name="A", category="tokoh")
    history.apply(net.add_partner, name="B", category="usaha")
    history.apply(net.add_link, "A", "B", "dana")
    return net, history


def test_undo_redo_walks_back_and_forth(setup):
    net, h = setup
    states = [net.to_dict()]
    h.apply(net.update_partner, "A", name="Aa", influence=4)
    states.append(net.to_dict())
    assert h.undo() and net.to_dict() == states[0]
    assert h.can_redo
    assert h.redo() and net.to_dict() == states[1]
    assert not h.can_redo


def test_undo_all_then_nothing(setup):
    net, h = setup
    assert len(h) == 3
    while h.can_undo:
        h.undo()
    assert len(net) == 0 and net.links == ()
    assert h.undo() is False
    assert len(net) == 0


def test_failed_apply_records_nothing_and_undo_is_harmless(setup):
    net, h = setup
    before = net.to_dict()
    with pytest.raises(DuplicateNameError):
        h.apply(net.add_partner, name="a", category="tokoh")
    assert net.to_dict() == before and len(h) == 3
    h.undo()  # undoes the add_link, not the failed call
    assert net.links == () and len(net) == 2


def test_new_apply_clears_redo(setup):
    net, h = setup
    h.undo()
    assert h.can_redo
    h.apply(net.add_partner, name="C", category="lainnya")
    assert not h.can_redo
    assert h.redo() is False


def test_calls_that_change_nothing_are_not_recorded(setup):
    net, h = setup
    assert h.apply(net.get_partner, "a").name == "A"
    h.apply(net.update_partner, "A", influence=0)  # same value
    assert len(h) == 3


def test_keeps_at_most_100_steps():
    net = PartnerNetwork()
    h = History(net)
    for i in range(130):
        h.apply(net.add_partner, name=f"M{i}", category="kelompok")
    assert len(h) == 100
    while h.can_undo:
        h.undo()
    assert len(net) == 30  # the 30 oldest steps can no longer be undone


def test_undo_restores_the_same_object_and_tells_observers(setup):
    net, h = setup
    events = []
    net.subscribe(lambda e, p: events.append(e))
    h.undo()
    assert events == ["reset"]
    # indexes are rebuilt: the restored network still works normally
    net.add_link("A", "B", "informasi")
    with pytest.raises(DuplicateNameError):
        net.add_partner(name="b", category="usaha")


def test_method_name_instead_of_method_and_wrong_target():
    net = PartnerNetwork()
    h = History(net)
    with pytest.raises(InvalidValueError, match="'hapus_semua'.*add_partner"):
        h.apply("hapus_semua")  # a name is not a command: pass net.add_partner itself
    with pytest.raises(InvalidValueError, match="PartnerNetwork"):
        History({"bukan": "peta"})
