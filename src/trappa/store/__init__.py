"""Storage: database tables, migrations and the repository that reads and writes them."""
