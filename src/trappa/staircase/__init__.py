"""The staircase (tenestetrappa / innsatstrapp) as configuration: templates (`templates`), their model
(`model`), and the outline a table of figures needs (`outline`).

Nothing is loaded here: a command that reads only the outline loads neither pydantic nor YAML.
"""
