"""The classroom app: what ``solara run sim.app.main`` serves (``deter app`` runs it).

Three pages, each a tab: Guarantee (``/``), Repeated game (``/repeated``) and Sweep
(``/sweep``). Importing this module only defines the routes; nothing runs.
"""

from __future__ import annotations

import solara
import solara.lab

from sim.app.pages.guarantee import GuaranteePage
from sim.app.pages.repeated import RepeatedPage
from sim.app.pages.sweep import SweepPage

TITLE = "deterrence-sim: security guarantees for Ukraine"


@solara.component
def Layout(children: list[solara.Element] = []) -> solara.Element:  # noqa: B006 (Solara's API)
    """Solara's app layout with one tab per page, named by its label."""
    route, pages = solara.use_route()
    index = pages.index(route) if route in pages else 0
    with solara.AppLayout(children=children, title=TITLE) as main:
        with solara.AppBar():
            with solara.lab.Tabs(value=index, align="center"):
                for page in pages:
                    solara.lab.Tab(
                        page.label or page.path,
                        path_or_route=solara.resolve_path(page, level=0),
                        classes=[f"deter-tab-{page.path.strip('/') or 'guarantee'}"],
                    )
    return main


routes = [
    solara.Route(path="/", component=GuaranteePage, label="Guarantee", layout=Layout),
    solara.Route(path="repeated", component=RepeatedPage, label="Repeated game"),
    solara.Route(path="sweep", component=SweepPage, label="Sweep"),
]
"""The pages, in the order of their tabs; the first route's layout frames them all."""
