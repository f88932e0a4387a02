"""The staircase (tenestetrappa / innsatstrapp) as configuration: templates and their model."""

from trappa.staircase.model import (
    Category,
    HousingStaircase,
    HousingType,
    LocalText,
    Staircase,
    Step,
    StepDescription,
)
from trappa.staircase.templates import (
    TEMPLATE_NAMES,
    dump_staircase,
    load_housing_template,
    load_staircase,
    load_staircase_text,
    load_template,
)

__all__ = [
    "Category",
    "HousingStaircase",
    "HousingType",
    "LocalText",
    "Staircase",
    "Step",
    "StepDescription",
    "TEMPLATE_NAMES",
    "dump_staircase",
    "load_housing_template",
    "load_staircase",
    "load_staircase_text",
    "load_template",
]
