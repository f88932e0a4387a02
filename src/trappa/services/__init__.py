"""The service layer: one module per capability, under both the CLI and the web.

Each function takes the database (`Database`) and typed arguments, never a web request, and returns a
typed result. Every write a person makes goes through here, and the service writes the audit entry.
"""
