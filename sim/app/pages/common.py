"""Pieces every page uses: prose, the preset select, a figure as an image, an error box.

Each piece carries a stable CSS class (``deter-...``) that the browser test reads.

Prose is Markdown turned into HTML here, on the server (:func:`prose_html`), not Solara's
``Markdown`` component: that one loads KaTeX for formulas from the CDN, and ``solara-assets``
1.58.2 does not ship KaTeX, so offline it would fail (the browser test checks that every
request the page makes is answered by the app's own server).
"""

from __future__ import annotations

from collections.abc import Callable

import markdown
import solara

from sim.app.presets import preset_description, preset_names

PROSE_CSS = """
.deter-prose table { border-collapse: collapse; margin: 4px 0 10px 0; font-size: 0.9em; }
.deter-prose th, .deter-prose td { border-bottom: 1px solid #ddd; padding: 3px 10px;
  text-align: left; }
.deter-prose th { background: #f3f3f3; }
.deter-prose p { margin-bottom: 6px; }
.deter-prose ul { margin-bottom: 6px; }
"""
"""Styles of :func:`Prose` blocks (tables with rules, compact paragraphs)."""


def prose_html(text: str) -> str:
    """Markdown (with tables) as HTML.

    >>> prose_html("**a** | b")
    '<p><strong>a</strong> | b</p>'
    """
    return markdown.markdown(text, extensions=["tables"])


@solara.component
def Prose(text: str, css_class: str = "", style: str = "") -> None:
    """Markdown rendered on the server, styled by :data:`PROSE_CSS`."""
    solara.Style(PROSE_CSS)
    solara.HTML(
        tag="div",
        unsafe_innerHTML=prose_html(text),
        classes=["deter-prose", *([css_class] if css_class else [])],
        style=style,
    )


@solara.component
def PresetSelect(value: str, on_value: Callable[[str], None], label: str = "Preset") -> None:
    """A select over the preset scenarios, with the chosen preset's description below it."""
    with solara.Div(classes=["deter-preset"]):
        solara.Select(label=label, values=preset_names(), value=value, on_value=on_value)
        solara.Text(preset_description(value), style={"font-size": "0.85em", "color": "#555"})


@solara.component
def Picture(png: bytes | None, css_class: str, caption: str = "") -> None:
    """A PNG figure in a block with class ``css_class``, with a caption under it."""
    with solara.Div(classes=[css_class], style={"max-width": "100%", "overflow-x": "auto"}):
        if png:
            solara.Image(png, format="png")
        if caption:
            Prose(caption, style="font-size: 0.85em; color: #444")


@solara.component
def ErrorBox(message: str) -> None:
    """A problem with the input, in words (never a traceback)."""
    with solara.Div(classes=["deter-error"]):
        solara.Error(message)


def error_message(error: BaseException) -> str:
    """An exception as one line for the page: its message, or its type when it has none.

    >>> error_message(ValueError("troops need a posture"))
    'troops need a posture'
    >>> error_message(KeyError("x"))
    "KeyError: 'x'"
    """
    if isinstance(error, ValueError) and str(error):
        return str(error)
    return f"{type(error).__name__}: {error}"
