"""Statistics Norway (SSB): population and projections, municipality numbers over time."""
