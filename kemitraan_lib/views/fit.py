"""The apps fit any screen: from a phone (390 px wide) to a projector.

ipywidgets' layouts cannot say "on a narrow screen, do this", and some of
their defaults do not fit a phone (tab titles cut to a few letters, buttons
cut to "Tambah mi…", long option texts on one line). :func:`fit_style` is an
invisible widget holding a small style sheet for the apps (scoped to the
``kemitraan-app`` class, so nothing else on the page changes): tab titles are
shown whole (the tab bar wraps to a second row when needed), buttons are as
wide as their text, option texts wrap, pictures and lists never stretch the
page sideways. A wide table sits in its own box (class ``kemitraan-geser``)
that scrolls sideways by itself; the page never does.
"""

from __future__ import annotations

import ipywidgets as widgets

__all__ = ["APP_CLASS", "FIT_CSS", "fit_style", "flexible_buttons"]

#: Class of the root widget of every app (Peta Mitra, Pilih Pola).
APP_CLASS = "kemitraan-app"

FIT_CSS = f"""
.{APP_CLASS} {{ max-width: 100%; min-width: 0; box-sizing: border-box; }}
.{APP_CLASS} .widget-box, .{APP_CLASS} .widget-inline-hbox {{ min-width: 0; }}
.{APP_CLASS} .widget-tab > .lm-TabBar .lm-TabBar-content {{ flex-wrap: wrap; }}
.{APP_CLASS} .widget-tab > .lm-TabBar .lm-TabBar-tab {{
  flex: 0 0 auto; max-width: none; min-width: 0; }}
.{APP_CLASS} .widget-tab > .lm-TabBar .lm-TabBar-tabLabel {{
  overflow: visible; text-overflow: clip; white-space: nowrap; }}
.{APP_CLASS} .widget-tab > .lm-TabBar {{ height: auto; min-height: 0; }}
.{APP_CLASS} .widget-tab > .widget-tab-contents {{ min-width: 0; overflow-x: hidden; }}
.{APP_CLASS} .widget-button {{ width: auto; max-width: 100%; }}
.{APP_CLASS} .widget-radio-box label, .{APP_CLASS} .widget-checkbox .widget-label-basic {{
  white-space: normal; height: auto; line-height: 1.3; overflow: visible; }}
.{APP_CLASS} .widget-radio-box label {{ margin-bottom: 4px; display: flex;
  flex-wrap: nowrap; align-items: flex-start; }}
.{APP_CLASS} .widget-radio-box label > input {{ flex: 0 0 auto; order: -1; margin: 3px 8px 0 0; }}
.{APP_CLASS} .widget-checkbox {{ height: auto; min-height: var(--jp-widgets-inline-height); }}
.{APP_CLASS} select, .{APP_CLASS} input[type=text], .{APP_CLASS} textarea {{
  min-width: 0; max-width: 100%; }}
.{APP_CLASS} .widget-dropdown > select {{ text-overflow: ellipsis; }}
.{APP_CLASS} img {{ max-width: 100%; height: auto; }}
.{APP_CLASS} .widget-html, .{APP_CLASS} .widget-html-content {{
  min-width: 0; max-width: 100%; overflow-wrap: anywhere; }}
.{APP_CLASS} table {{ max-width: none; }}
@media (max-width: 600px) {{
  .{APP_CLASS} .widget-inline-hbox .widget-label {{ width: 100% !important;
    max-width: 100%; text-align: left; }}
  .{APP_CLASS} .widget-inline-hbox.widget-text,
  .{APP_CLASS} .widget-inline-hbox.widget-dropdown,
  .{APP_CLASS} .widget-inline-hbox.widget-combobox,
  .{APP_CLASS} .widget-inline-hbox.widget-textarea,
  .{APP_CLASS} .widget-inline-hbox.widget-inttext {{ flex-wrap: wrap; height: auto; }}
  .{APP_CLASS} .widget-tab > .widget-tab-contents {{ padding: 6px 4px !important; }}
  /* Voila's page (its body has the jp-Notebook class): no wasted margins on a phone */
  body.jp-Notebook .lm-BoxPanel-child {{ padding-left: 4px !important;
    padding-right: 4px !important; }}
  body.jp-Notebook .jp-Cell {{ padding-left: 0 !important; padding-right: 0 !important; }}
  body.jp-Notebook .jp-OutputArea-output {{ margin-left: 0 !important; }}
}}
"""


def fit_style() -> widgets.HTML:
    """The invisible widget carrying :data:`FIT_CSS` (put it first in an app's children)."""
    box = widgets.HTML(f"<style>{FIT_CSS}</style>",
                       layout=widgets.Layout(height="0px", margin="0px", padding="0px"))
    box.add_class("kemitraan-gaya")
    return box


def flexible_buttons(*buttons: widgets.Widget, **layout) -> widgets.HBox:
    """A row of buttons that wraps on a narrow screen instead of cutting their texts."""
    return widgets.HBox(list(buttons), layout=widgets.Layout(flex_flow="row wrap", **layout))
