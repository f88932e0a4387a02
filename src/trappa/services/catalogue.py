"""Names the commands show before any work is done: the kinds of file, SSB's projection table.

Light on purpose (nothing of Polars, the database or the readers is loaded), so `trappa --help` and a
mistyped command answer at once. A test holds :data:`KINDS` equal to the data contracts.
"""

from trappa.ssb.tables import PROJECTION_TABLE

KINDS = (
    "accounts",
    "ftes",
    "decisions",
    "places",
    "mapping",
    "services",
    "units",
    "delivered_hours",
    "sickness_absence",
)

__all__ = ["KINDS", "PROJECTION_TABLE"]
