"""trappa: the service staircase (tenestetrappa) for Norwegian municipal health and care."""

__version__ = "0.1.0"
