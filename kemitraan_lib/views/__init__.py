"""Widgets and pictures (ipywidgets, matplotlib): thin views over the model.

This is the only package that imports ipywidgets or matplotlib. Import the
submodule you need, e.g. ``from kemitraan_lib.views.quiz import show_quiz``;
importing ``kemitraan_lib.views`` itself loads nothing heavy.
"""

__all__: list[str] = []
