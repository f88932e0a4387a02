"""Database tables (SQLAlchemy 2 Core). Money is stored in whole øre, exactly."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

imports = Table(
    "imports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(20), nullable=False, index=True),
    Column("years", String(200), nullable=True, doc="Comma-separated years the import replaced"),
    Column("file_name", String(500), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("row_count", Integer, nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("status", String(20), nullable=False, doc="active, or replaced by a later import"),
)


def _import_id() -> Column:
    return Column("import_id", Integer, ForeignKey("imports.id"), nullable=False, index=True)


accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    _import_id(),
    Column("year", Integer, nullable=False, index=True),
    Column("month", Integer, doc="1–12 where the file gives months (periode); empty for a whole year"),
    Column("cost_centre", String(40), nullable=False),
    Column("cost_centre_name", String(200)),
    Column("art", String(10), nullable=False),
    Column("function", String(10), nullable=False),
    Column("amount_ore", BigInteger, nullable=False),
    Column("budget_ore", BigInteger),
)

ftes = Table(
    "ftes",
    metadata,
    Column("id", Integer, primary_key=True),
    _import_id(),
    Column("year", Integer, nullable=False, index=True),
    Column("month", Integer, doc="1–12 where the file gives months: the FTEs of that month"),
    Column("cost_centre", String(40), nullable=False),
    Column("ftes", Float, nullable=False),
    Column("gross_ftes", Float),
    Column("net_ftes", Float),
    Column("rota_hours", Float),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    _import_id(),
    Column("person_key", String(64), nullable=False),
    Column("service", String(200), nullable=False),
    Column("step", Integer),
    Column("hours_per_week", Float, nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date),
    Column("age_band", String(10)),
    Column("birth_year", Integer),
    Column("user_group", String(30), nullable=False),
    Column("child_or_adult", String(10)),
    Column("unit", String(200), doc="The delivering unit (eining), where the file names it"),
)

places = Table(
    "places",
    metadata,
    Column("id", Integer, primary_key=True),
    _import_id(),
    Column("year", Integer, nullable=False, index=True),
    Column("unit", String(200), nullable=False),
    Column("step", Integer, nullable=False),
    Column("places", Float, nullable=False),
    Column("occupied_days", Float),
    Column("provision", String(10), doc="kjøp (bought from others) or eigen (own production); empty = not said"),
)

mapping_rows = Table(
    "mapping_rows",
    metadata,
    Column("id", Integer, primary_key=True),
    _import_id(),
    Column("year", Integer, nullable=False, index=True),
    Column("cost_centre", String(40), nullable=False),
    Column("function", String(10)),
    Column("step", Integer, nullable=False),
    Column("user_group", String(30), nullable=False),
    Column("share", Float, nullable=False),
)

services = Table(
    "services",
    metadata,
    Column("id", Integer, primary_key=True),
    _import_id(),
    Column("service", String(200), nullable=False),
    Column("step", Integer, nullable=False),
)

units = Table(
    "units",
    metadata,
    Column("id", Integer, primary_key=True),
    _import_id(),
    Column("unit", String(200), nullable=False, doc="The unit's name (eining/avdeling)"),
    Column("cost_centre", String(40), nullable=False, doc="A cost centre of the unit; in one unit only"),
    Column("places", Float, doc="Places of the unit, where it has any"),
)

delivered_hours = Table(
    "delivered_hours",
    metadata,
    Column("id", Integer, primary_key=True),
    _import_id(),
    Column("year", Integer, nullable=False, index=True),
    Column("month", Integer, nullable=False),
    Column("unit", String(200), nullable=False),
    Column("hours", Float, nullable=False, doc="Utførte timar from the case system's time registration"),
)

sickness_absence = Table(
    "sickness_absence",
    metadata,
    Column("id", Integer, primary_key=True),
    _import_id(),
    Column("year", Integer, nullable=False, index=True),
    Column("month", Integer, nullable=False),
    Column("unit", String(200), nullable=False),
    Column("absence_days", Float, nullable=False),
    Column("possible_days", Float, nullable=False),
)

measures = Table(
    "measures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("unit", String(200), doc="The unit it applies to; empty for the whole sector"),
    Column("kpi", String(60), doc="The key figure it should move"),
    Column("start", String(7), nullable=False, doc="First month it applies, 2024-03"),
    Column("expected_mnok", Float, doc="Expected saving a year in MNOK"),
    Column("expected_change", Float, doc="Expected change of the key figure, in its own unit"),
    Column("status", String(20), nullable=False, doc="planned, running, done or stopped"),
    Column("note", Text),
    Column("username", String(100)),
    Column("at", DateTime(timezone=True), nullable=False),
)

rebases = Table(
    "rebases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("unit", String(200), nullable=False, doc="A unit's name, or «» for the whole sector"),
    Column("kpi", String(60), nullable=False),
    Column("period", String(7), nullable=False, doc="The month the new segment starts"),
    Column("reason", Text, nullable=False),
    Column("measure_id", Integer, ForeignKey("measures.id")),
    Column("username", String(100)),
    Column("at", DateTime(timezone=True), nullable=False),
)

price_catalogues = Table(
    "price_catalogues",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("year", Integer, nullable=False),
    Column("version", Integer, nullable=False, doc="1, 2 …: every change makes a new version; the highest is in use"),
    Column("note", Text, nullable=False, doc="What made this version: computed, imported, typed, carried"),
    Column("username", String(100)),
    Column("at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("year", "version", name="uq_price_catalogues_year_version"),
)

prices = Table(
    "prices",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("catalogue_id", Integer, ForeignKey("price_catalogues.id"), nullable=False, index=True),
    Column("kind", String(40), nullable=False),
    Column("step", Integer),
    Column("time_of_day", String(12), nullable=False),
    Column("setting", String(12), nullable=False),
    Column("travel_group", Integer),
    Column("staffing_factor", Float),
    Column("ownership", String(8), nullable=False),
    Column("price", Float, nullable=False, doc="Kroner per hour, place-year, day or call-out"),
    Column("source", String(10), nullable=False, doc="computed, imported, typed or indexed"),
    Column("note", Text, nullable=False),
)

calculations = Table(
    "calculations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(120), nullable=False),
    Column("reference", String(60), nullable=False, doc="The case reference the caseworker typed; may be empty"),
    Column("document", Text, nullable=False, doc="The case as JSON (trappa.model.calculator.Case)"),
    Column("username", String(100)),
    Column("at", DateTime(timezone=True), nullable=False),
)

baselines = Table(
    "baselines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("unit", String(200), nullable=False, doc="A unit's name, or «» for the whole sector"),
    Column("kpi", String(60), nullable=False),
    Column("until", String(7), nullable=False, doc="The last month of the baseline; its segment's limits come from it"),
    Column("reason", Text, nullable=False),
    Column("username", String(100)),
    Column("at", DateTime(timezone=True), nullable=False),
)

kpi_targets = Table(
    "kpi_targets",
    metadata,
    Column("unit", String(200), primary_key=True, doc="A unit's name, or «» for the whole sector"),
    Column("kpi", String(60), primary_key=True),
    Column("target", Float, nullable=False),
    Column("username", String(100)),
    Column("at", DateTime(timezone=True), nullable=False),
)

user_units = Table(
    "user_units",
    metadata,
    Column("username", String(100), primary_key=True),
    Column("unit", String(200), primary_key=True, doc="A unit a leader sees"),
)

population = Table(
    "population",
    metadata,
    Column("id", Integer, primary_key=True),
    _import_id(),
    Column("municipality", String(4), nullable=False, index=True),
    Column("municipality_name", String(200)),
    Column("year", Integer, nullable=False),
    Column("age", Integer, nullable=False),
    Column("sex", String(10), nullable=False),
    Column("alternative", String(20), nullable=False, doc="registrert, or a projection alternative (MMMM …)"),
    Column("persons", Float, nullable=False),
)

scenarios = Table(
    "scenarios",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("document", Text, nullable=False, doc="The scenario as JSON (schema trappa.scenario)"),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("message", Text, nullable=False),
    Column("contact", String(200)),
    Column("page", String(300)),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("handled_at", DateTime(timezone=True)),
    Column("handled_by", String(100)),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(100), nullable=False, unique=True),
    Column("password_hash", String(300), nullable=False, doc="argon2id"),
    Column("role", String(20), nullable=False, doc="admin, analyst, editor, leader or viewer"),
    Column("active", Integer, nullable=False, default=1),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column(
        "session_generation",
        Integer,
        nullable=False,
        server_default="0",
        doc="raised at sign-out: every session signed with an older one has ended",
    ),  # fmt: skip
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("username", String(100)),
    Column("action", String(50), nullable=False, doc="login, logout, import, export, role_change, user_create …"),
    Column("target", String(300)),
    Column("outcome", String(20), nullable=False, doc="ok, refused, failed"),
    Column("detail", Text),
)

staircase_versions = Table(
    "staircase_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(20), nullable=False, server_default="service", doc="service or housing"),
    Column("yaml", Text, nullable=False),
    Column("username", String(100)),
    Column("note", String(300)),
    Column("at", DateTime(timezone=True), nullable=False),
)

kostra_figures = Table(
    "kostra_figures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("region", String(10), nullable=False, index=True, doc="Municipality number, EKG01…EKG17, EAK or EAKUO"),
    Column("region_name", String(200)),
    Column("year", Integer, nullable=False),
    Column("figure", String(40), nullable=False, doc="The figure's id in the KOSTRA catalogue"),
    Column("function", String(10), nullable=False, doc="KOSTRA function; empty for a figure without one"),
    Column("value", Float, doc="Empty where SSB has no number (suppressed or missing), never 0"),
    Column("source", String(300), nullable=False, doc="SSB table id, or the file it was imported from"),
    Column("at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("region", "year", "figure", "function", name="uq_kostra_figures_cell"),
)

expense_needs = Table(
    "expense_needs",
    metadata,
    Column("region", String(10), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("index", Float, nullable=False, doc="Expense-need index for health and care (1 = the country)"),
    Column("source", String(300), nullable=False, doc="Where it comes from: the grønt hefte table, or a person"),
    Column("at", DateTime(timezone=True), nullable=False),
)

settings = Table(
    "settings",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
)

DATA_TABLES = {
    "accounts": accounts,
    "ftes": ftes,
    "decisions": decisions,
    "places": places,
    "mapping": mapping_rows,
    "services": services,
    "units": units,
    "delivered_hours": delivered_hours,
    "sickness_absence": sickness_absence,
    "population": population,
}
