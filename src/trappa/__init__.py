"""trappa: the service staircase (tenestetrappa) for Norwegian municipal health and care."""

import os as _os
import sys as _sys

__version__ = "0.1.0"

# Polars 2 runs lazy queries on its streaming engine by default, and that engine neither keeps a
# join's row order nor adds floats in a fixed order, so the same data could come out in another
# order from one run to the next. trappa's frames fit in memory, and the in-memory engine keeps
# the order (and was faster on the projection benchmark: 0,95 s against 1,08 s). Said through the
# environment when Polars is not loaded yet, so `import trappa` (and `trappa --help`) need not load it.
if "polars" in _sys.modules:
    _sys.modules["polars"].Config.set_engine_affinity("in-memory")
else:
    _os.environ["POLARS_ENGINE_AFFINITY"] = "in-memory"
