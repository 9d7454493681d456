"""Fuzzing: any input to a public function, file loader or widget ends in a result or a
KemitraanError (an Indonesian message), never another exception.

Hypothesis draws arbitrary JSON-like values and byte strings (tests/fuzz_support.py)
with a fixed, derandomized profile, so every run checks the same examples.
Functions that write files get file names inside a throw-away folder only.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import importlib
import inspect
import os
import tempfile
from pathlib import Path

import pytest
from fuzz_support import FUZZ, JSON_VALUES, TEXTS, byte_strings, mutated, xlsx_parts_mutated
from hypothesis import given, settings
from hypothesis import strategies as st

from kemitraan_lib import answers, files
from kemitraan_lib.errors import KemitraanError
from kemitraan_lib.network import PartnerNetwork
from kemitraan_lib.workbook import Workbook

MODULES = (
    "errors", "texts", "fields", "jsontext", "network", "history", "analysis", "recommender",
    "content", "files", "atomic", "cases", "course", "quiz", "monev", "tindak_lanjut",
    "workbook", "answers", "capstone", "drawing", "autosave", "kesehatan", "peta_waktu",
)
PATH_PARAMETERS = {"path", "folder", "filename", "first", "file"}
SKIP = {
    "answers.register",  # adds to the registry; tested on its own below
    "autosave.flush_all",  # waits for every autosaver of the process
}


def sample_network() -> PartnerNetwork:
    net = PartnerNetwork(title="Uji")
    net.add_partner(name="KTH Wana Lestari", category="kelompok", influence=4, interest=3)
    net.add_partner(name="Pemerintah Desa", category="pemerintah", influence=5)
    net.add_partner(name="Ibu Siti", category="tokoh")
    net.add_link("KTH Wana Lestari", "Pemerintah Desa", "pembinaan")
    return net


OBJECTS = st.sampled_from([
    "sample network", "sample partner", "object", "bytes", "plan", "workbook", "question",
])


def realise(value, folder: Path):
    """Turn the names of OBJECTS into fresh objects (so a test never shares state)."""
    if value == "sample network":
        return sample_network()
    if value == "sample partner":
        return sample_network().partners[0]
    if value == "object":
        return object()
    if value == "bytes":
        return b"\x00\xff bytes"
    if value == "plan":
        from kemitraan_lib.capstone import Plan

        return Plan(folder=folder)
    if value == "workbook":
        return Workbook(folder / "buku-kerja.json")
    if value == "question":
        from kemitraan_lib.quiz import Question

        return Question("Soal?", {"a": "Ya", "b": "Tidak"}, "a", {"a": "Benar.", "b": "Salah."})
    return value


ARGUMENTS = st.one_of(JSON_VALUES, OBJECTS)
SAFE_PATHS = st.one_of(
    st.sampled_from(["peta.json", "peta.csv", "peta.xlsx", "x.xls", "", " ", "a\x00b.json",
                     "\ud800.json", "sub", "buku-kerja.json", "rencana.html", "."]),
    st.text(st.characters(blacklist_characters="/\\", blacklist_categories=("Cs",)),
            max_size=20).map(lambda s: s.replace("..", "._")),
    st.integers(), st.none(), st.just(b"peta.json"), st.lists(st.integers(), max_size=2),
)


def public_callables():
    for name in MODULES:
        module = importlib.import_module(f"kemitraan_lib.{name}")
        for attr in module.__all__:
            obj = getattr(module, attr)
            qualified = f"{name}.{attr}"
            if qualified in SKIP or not callable(obj) or attr.isupper():
                continue
            if inspect.isclass(obj) and issubclass(obj, BaseException):
                continue  # the error classes themselves: see test_errors.py
            yield qualified, obj


CALLABLES = sorted(public_callables())


def parameters(fn):
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return []
    return [p for p in signature.parameters.values()
            if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]


@contextlib.contextmanager
def scratch_folder():
    old = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="kemitraan-fuzz-") as folder:
        os.chdir(folder)
        try:
            yield Path(folder)
        finally:
            os.chdir(old)


def call_total(fn, args: dict, folder: Path):
    """Call ``fn``: a result or a KemitraanError is fine, anything else fails the test."""
    real = {name: realise(value, folder) for name, value in args.items()}
    positional = [real.pop(p.name) for p in parameters(fn)
                  if p.kind == p.POSITIONAL_ONLY and p.name in real]
    try:
        return fn(*positional, **real)
    except KemitraanError as err:
        assert isinstance(str(err), str) and str(err), "an error must say something"
        return err


def examples(qualified: str, fn) -> int:
    """Fewer examples where each is slow (a whole plan) or proves little (plain records)."""
    if qualified == "capstone.build_plan":
        return 8
    if inspect.isclass(fn) and dataclasses.is_dataclass(fn) and not hasattr(fn,
                                                                             "__post_init__"):
        return 5  # a record that checks nothing: constructing it cannot fail
    return 40


@pytest.mark.parametrize("qualified,fn", CALLABLES, ids=[q for q, _ in CALLABLES])
def test_public_function_is_total(qualified, fn):
    params = parameters(fn)
    strategies = {}
    for p in params:
        strategy = SAFE_PATHS if p.name in PATH_PARAMETERS else ARGUMENTS
        if p.default is not p.empty:
            strategy = st.one_of(st.just(p.default), strategy)
        strategies[p.name] = strategy

    @settings(FUZZ, max_examples=examples(qualified, fn))
    @given(st.fixed_dictionaries(strategies))
    def run(args):
        with scratch_folder() as folder:
            call_total(fn, args, folder)

    run()


METHODS = {
    "network": ["add_partner", "update_partner", "remove_partner", "get_partner", "add_link",
                "update_link", "remove_link", "get_link", "links_of", "restore", "__contains__"],
    "workbook": ["get", "set", "delete", "entry", "entries", "answers"],
}


@pytest.mark.parametrize("method", METHODS["network"])
def test_network_methods_are_total_and_refusals_change_nothing(method):
    @FUZZ
    @given(st.lists(ARGUMENTS, max_size=4), st.dictionaries(TEXTS, ARGUMENTS, max_size=3))
    def run(args, kwargs):
        with scratch_folder() as folder:
            net = sample_network()
            before = net.to_dict()
            real_args = [realise(a, folder) for a in args]
            real_kwargs = {k: realise(v, folder) for k, v in kwargs.items()}
            try:
                getattr(net, method)(*real_args, **real_kwargs)
            except KemitraanError:
                assert net.to_dict() == before  # a refused change leaves the map as it was
            except TypeError as err:  # wrong number of arguments: Python's own check
                assert "argument" in str(err), err

    run()


ARITY = {"get": 2, "set": 3, "delete": 2, "entry": 2, "entries": 1, "answers": 1}


@pytest.mark.parametrize("method", METHODS["workbook"])
def test_workbook_methods_are_total_and_refusals_change_nothing(method):
    @FUZZ
    @given(st.lists(ARGUMENTS, min_size=ARITY[method], max_size=ARITY[method]),
           st.one_of(st.none(), TEXTS))
    def run(args, prompt):
        with scratch_folder() as folder:
            wb = Workbook(folder / "buku-kerja.json")
            wb.set("01", "ada", "jawaban lama")
            before = wb.path.read_bytes()
            real = [realise(a, folder) for a in args]
            kwargs = {"prompt": prompt} if method == "set" else {}
            try:
                getattr(wb, method)(*real, **kwargs)
            except KemitraanError:
                assert wb.path.read_bytes() == before
                assert Workbook(wb.path).get("01", "ada") == "jawaban lama"

    run()


# ------------------------------------------------------------------ file loaders
def _good_files():
    net = sample_network()
    partners, links = files.csv_texts(net)
    return {".json": files.json_text(net).encode(), ".csv": partners.encode(),
            ".xlsx": files.excel_bytes(net), "links": links.encode()}


GOOD = _good_files()


@pytest.mark.parametrize("suffix", [".json", ".csv", ".xlsx"])
def test_file_loaders_take_any_bytes(suffix):
    @FUZZ
    @given(byte_strings(GOOD[suffix]), st.one_of(st.none(), byte_strings(GOOD["links"])))
    def run(data, links):
        try:
            back = files.read_network_bytes(data, "peta" + suffix,
                                            links if suffix == ".csv" else None)
        except KemitraanError:
            return
        assert isinstance(back, PartnerNetwork)

    run()


def test_xlsx_with_damaged_parts_is_refused_cleanly():
    @FUZZ
    @given(xlsx_parts_mutated(GOOD[".xlsx"]))
    def run(data):
        try:
            files.read_network_bytes(data, "peta.xlsx")
        except KemitraanError:
            pass

    run()


def test_map_documents_from_any_json_value():
    @FUZZ
    @given(JSON_VALUES, st.dictionaries(st.sampled_from(["mitra", "hubungan", "judul", "versi",
                                                         "format", "lain"]), JSON_VALUES))
    def run(value, doc):
        for candidate in (value, {"format": "kemitraan-peta", "versi": 1} | doc):
            try:
                files.from_document(candidate)
                PartnerNetwork.from_dict(candidate)
            except KemitraanError:
                pass

    run()


def test_uploads_of_any_names_and_bytes():
    names = st.one_of(TEXTS, st.sampled_from(["peta.csv", "peta-hubungan.csv", "peta.xlsx",
                                              "peta.json", "lain.csv", "a.txt"]))
    items = st.lists(st.fixed_dictionaries({"name": names, "content": st.binary(max_size=80)}),
                     max_size=3)

    @FUZZ
    @given(st.one_of(items, JSON_VALUES))
    def run(uploaded):
        try:
            files.read_upload(uploaded)
        except KemitraanError:
            pass

    run()


# ------------------------------------------------------------------ workbook and plan
def test_workbook_file_of_any_bytes_opens_and_saves_or_explains():
    good = (b'{"format": "kemitraan-buku-kerja", "versi": 1, "jawaban": {"01": {"a": '
            b'{"nilai": "x", "diubah": "2026-01-01T00:00:00+07:00"}}}}')

    @FUZZ
    @given(byte_strings(good, b"\xef\xbb\xbf" + good))
    def run(data):
        with scratch_folder() as folder:
            path = folder / "buku-kerja.json"
            path.write_bytes(data)
            wb = Workbook(path)
            try:
                wb.set("02", "b", "baru")
            except KemitraanError:
                return
            assert Workbook(path).get("02", "b") == "baru"

    run()


def test_plan_and_every_answer_over_any_workbook_content():
    places = [(a.module, a.key) for a in answers.registered()] + [("05", "lain"), ("99", "x")]

    @FUZZ
    @given(st.dictionaries(st.sampled_from(places), JSON_VALUES, max_size=6))
    def run(content):
        from kemitraan_lib import capstone

        with scratch_folder() as folder:
            wb = Workbook(folder / "buku-kerja.json")
            for (module, key), value in content.items():
                try:
                    wb.set(module, key, value)
                except KemitraanError:
                    pass  # values JSON cannot hold are refused on saving
            for item in answers.registered():
                loaded = answers.load(item, wb)
                assert all(isinstance(n, str) and n for n in loaded.notes)
            plan = capstone.build_plan(wb, draw=False, example_if_missing=False)
            assert capstone.to_html(plan).startswith("<!DOCTYPE html>")
            capstone.completeness(wb)

    run()


def test_registering_answers_checks_its_input():
    @FUZZ
    @given(st.lists(ARGUMENTS, min_size=4, max_size=4), st.dictionaries(
        st.sampled_from(["title", "notebook", "also_at", "listed"]), ARGUMENTS))
    def run(args, kwargs):
        saved = (dict(answers._REGISTRY), dict(answers._BY_PLACE))
        try:
            with scratch_folder() as folder:
                kwargs.setdefault("title", "Uji")
                answers.register(*[realise(a, folder) for a in args],
                                 **{k: realise(v, folder) for k, v in kwargs.items()})
        except KemitraanError:
            pass
        finally:
            answers._REGISTRY.clear()
            answers._REGISTRY.update(saved[0])
            answers._BY_PLACE.clear()
            answers._BY_PLACE.update(saved[1])

    run()


def test_mutated_json_map_file_loads_or_explains():
    @FUZZ
    @given(mutated(GOOD[".json"]))
    def run(data):
        try:
            files.read_network_bytes(data, "peta.json")
        except KemitraanError:
            pass

    run()


# ------------------------------------------------------------------ widget callbacks
WIDGET_FUZZ = FUZZ  # same profile; each example drives real widgets
FILE_NAMES = st.one_of(st.sampled_from(["peta.xlsx", "peta.csv", "peta.json", "peta.txt", "",
                                        "a\x00.json", "\ud800.csv", "x" * 300 + ".json"]),
                       st.text(st.characters(blacklist_characters="/\\"), max_size=20))


def assert_no_surprise(view) -> None:
    """A callback ended in a result or an Indonesian message, never an unexpected error."""
    assert "tak terduga" not in view.message, (view.message, view.last_traceback)
    assert view.message_kind in ("", "galat", "berhasil", "info"), view.message_kind


def test_mapper_callbacks_take_any_input(tmp_path):
    pytest.importorskip("ipywidgets")
    from kemitraan_lib.views.mapper import PartnerMapper

    mapper = PartnerMapper(sample_network(), workbook=Workbook(tmp_path / "buku-kerja.json"))

    @WIDGET_FUZZ
    @given(texts=st.lists(TEXTS, min_size=6, max_size=6),
           numbers=st.lists(st.one_of(st.integers(), st.sampled_from(
               [10**30, -(10**30)])), min_size=4, max_size=4),
           action=st.sampled_from(["add_partner", "update_partner", "remove_partner",
                                   "add_link", "update_link", "remove_link", "save", "export",
                                   "undo", "redo", "upload"]),
           name=FILE_NAMES, content=st.binary(max_size=60))
    def run(texts, numbers, action, name, content):
        m = mapper
        m.name_input.value, m.resources_input.value, m.contact_input.value = texts[:3]
        m.notes_input.value, m.source_input.value, m.target_input.value = texts[3:]
        m.influence_input.value, m.interest_input.value = numbers[:2]
        m.support_input.value, m.strength_input.value = numbers[2:]
        m.file_name_input.value = name
        before = m.network.to_dict()
        if action == "upload":
            m.upload.value = ({"name": name, "type": "", "size": len(content),
                               "content": memoryview(content),
                               "last_modified": dt.datetime.now(dt.timezone.utc)},)
        elif action in ("save", "export", "undo", "redo"):
            getattr(m, f"{action}_button").click()
        else:
            getattr(m, f"{action}_button").click()
        assert_no_surprise(m)
        if m.message_kind == "galat":
            assert m.network.to_dict() == before  # a refusal changes nothing

    run()
    assert mapper.flush_autosave(30)


def test_chooser_callbacks_take_any_input(tmp_path):
    pytest.importorskip("ipywidgets")
    from kemitraan_lib import content
    from kemitraan_lib.views.chooser import PatternChooser

    chooser = PatternChooser(workbook=Workbook(tmp_path / "buku-kerja.json"))
    keys = [r.key for r in content.RESOURCES]

    @WIDGET_FUZZ
    @given(st.lists(st.sets(st.sampled_from(keys)), min_size=3, max_size=3),
           st.sampled_from(["recommend", "save"]), JSON_VALUES)
    def run(ticks, action, junk):
        for boxes, chosen in zip((chooser.group_boxes, chooser.partner_boxes,
                                  chooser.needs_boxes), ticks, strict=True):
            for key, box in boxes.items():
                box.value = key in chosen
        getattr(chooser, f"{action}_button").click()
        assert_no_surprise(chooser)
        try:
            chooser.set_answers(group=junk if isinstance(junk, (list, tuple)) else (junk,))
        except KemitraanError:
            pass

    run()


def test_activity_widgets_save_any_text_or_explain(tmp_path):
    pytest.importorskip("ipywidgets")
    from kemitraan_lib.views.workbook import activity, followup_activity, form_activity

    wb = Workbook(tmp_path / "buku-kerja.json")
    text = activity("04", "uji", "Soal", workbook=wb)
    form = form_activity("08", "uji-form", "Formulir", [("a", "A", "")], workbook=wb)
    follow = followup_activity("06", "uji-jadwal", "Jadwal", workbook=wb)

    @WIDGET_FUZZ
    @given(TEXTS, TEXTS)
    def run(first, second):
        for box, value in ((text.control, first), (form.boxes["a"], second),
                           (follow.meeting, first), (follow.partner, second)):
            box.value = value
        for view in (text, form, follow):
            assert "tak terduga" not in view.status.value, view.status.value

    run()
