"""The repeated escalation game in Mesa (DESIGN.md §6; ``docs/dynamics.md``).

Public API: :class:`GuaranteeModel` (one replicate or many, stepped together), its stage game over
the state grid (:class:`StagePolicy`), and the per-quarter and per-run records
(:data:`TIMESERIES_COLUMNS`, :data:`RUN_TOTALS`).
"""

from sim.model.model import RUN_TOTALS, TIMESERIES_COLUMNS, GuaranteeModel, horizon_quarters
from sim.model.stage import StagePolicy

__all__ = ["RUN_TOTALS", "TIMESERIES_COLUMNS", "GuaranteeModel", "StagePolicy", "horizon_quarters"]
