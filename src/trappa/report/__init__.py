"""Output of the profile: terminal table, CSV, JSON and Excel."""
