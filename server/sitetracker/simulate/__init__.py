"""The traffic simulator: shoppers driven through the real protocol against a server.

``sitetracker simulate`` runs it from the command line; :func:`run_simulation` and
:func:`start_in_background` run it from Python (the demo, the tests). Shoppers are
clients like any browser: live Socket.IO connections and HTTP beacons, validated and
counted (or dropped) by the server like everyone else's.
"""

from .runner import Simulation, SimulationError, run_simulation, start_in_background
from .stats import Stats

__all__ = [
    "Simulation",
    "SimulationError",
    "Stats",
    "run_simulation",
    "start_in_background",
]
