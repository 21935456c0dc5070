"""Matplotlib figures as PNG bytes, the form the pages show and the tests compare.

Figures are made with :class:`matplotlib.figure.Figure` directly (never pyplot), so the app's
worker threads share no global plotting state.

Examples
--------
>>> fig = Figure(figsize=(2, 1))
>>> _ = fig.add_subplot().plot([0, 1], [0, 1])
>>> png_bytes(fig)[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
True
"""

from __future__ import annotations

import io

from matplotlib.figure import Figure

DPI = 96
"""Resolution of the app's figures (dots per inch)."""


def png_bytes(fig: Figure, *, dpi: int = DPI) -> bytes:
    """The figure rendered as PNG, cropped to its content.

    Parameters
    ----------
    fig
        A figure (made with :class:`~matplotlib.figure.Figure`, not pyplot).
    dpi
        Resolution in dots per inch.
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return buffer.getvalue()
