"""The model: pure functions over Polars tables. No web, no database."""
