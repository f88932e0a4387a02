"""SSB's table numbers that trappa reads: light to import, so `trappa --help` can show them."""

POPULATION_TABLE = "07459"
# The 2024 regional projections by municipality, sex and age to 2050. SSB publishes a new
# projection every other year under a new table number; pass ``table=`` for a newer one.
PROJECTION_TABLE = "14288"
