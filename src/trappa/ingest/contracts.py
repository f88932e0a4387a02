"""The data contracts: which columns each file has, and reading a file into a checked table.

See docs/data-contracts.md for the same in words for the people who export the files.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandera.errors
import pandera.polars as pa
import polars as pl

from trappa.errors import InputFileError, Problem
from trappa.ingest import schemas
from trappa.ingest.columns import KINDS, ambiguous_mask, normalise_label, numeric_cell
from trappa.ingest.identity import find_identity_numbers, personal_column, refuse_identity_numbers
from trappa.ingest.limits import DEFAULT_LIMITS, SHOWN_PER_KIND, FileLimits
from trappa.ingest.numbers import AMBIGUOUS_HINT
from trappa.ingest.reader import RawTable, read_batches
from trappa.report.formatting import format_number


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    aliases: tuple[str, ...]
    required: bool = True
    default: object = None

    @property
    def label(self) -> str:
        return self.aliases[0]


@dataclass(frozen=True)
class Contract:
    kind: str
    title: str
    columns: tuple[Column, ...]
    schema: type[pa.DataFrameModel]
    sensitive: bool = False
    by_year: bool = True
    one_of: tuple[tuple[str, ...], ...] = ()

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def recognise(self, header: list[str]) -> dict[str, str]:
        """Map file headers to column names of this contract."""
        lookup = {normalise_label(a): c.name for c in self.columns for a in (*c.aliases, c.name)}
        out: dict[str, str] = {}
        for h in header:
            key = normalise_label(h)
            if key in lookup and lookup[key] not in out.values():
                out[h] = lookup[key]
        return out

    def looks_like_header(self, cells: list[str]) -> bool:
        return len(self.recognise(cells)) >= 2


_YEAR = Column("year", "year", ("år", "aar", "year", "rekneskapsår", "regnskapsår"))
_CC = Column(
    "cost_centre", "code", ("ansvar", "kostnadsstad", "kostnadssted", "ansvarskode", "cost_centre", "cost centre")
)
# A month («2024-03») on accounts and FTE rows; the year then comes from it when the file has no year column.
_OPTIONAL_YEAR = Column(_YEAR.name, _YEAR.kind, _YEAR.aliases, required=False)
_PERIOD = Column("period", "month", ("periode", "månad", "måned", "mnd", "month", "period"), required=False)
_REQUIRED_PERIOD = Column(_PERIOD.name, _PERIOD.kind, _PERIOD.aliases)
_UNIT = Column("unit", "text", ("eining", "enhet", "avdeling", "unit"))

ACCOUNTS = Contract(
    "accounts",
    "Rekneskap",
    (
        _OPTIONAL_YEAR,
        _PERIOD,
        _CC,
        Column(
            "cost_centre_name",
            "text",
            ("ansvarsnamn", "ansvarsnavn", "ansvar namn", "ansvar navn", "cost_centre_name"),
            required=False,
        ),
        Column("art", "code", ("art", "artskonto", "konto", "account_type")),
        Column("function", "code", ("funksjon", "function", "kostrafunksjon")),
        Column("amount_ore", "ore", ("beløp", "belop", "rekneskap", "regnskap", "amount", "amount_nok")),
        Column("budget_ore", "ore", ("budsjett", "budget", "budget_nok"), required=False),
    ),
    schemas.AccountsSchema,
    one_of=(("year", "period"),),
)
FTES = Contract(
    "ftes",
    "Årsverk",
    (
        _OPTIONAL_YEAR,
        _PERIOD,
        _CC,
        Column("ftes", "number", ("årsverk", "arsverk", "ftes", "fte")),
        Column("gross_ftes", "number", ("brutto årsverk", "bruttoårsverk", "gross_ftes"), required=False),
        Column("net_ftes", "number", ("netto årsverk", "nettoårsverk", "net_ftes"), required=False),
        Column("rota_hours", "number", ("turnustimar", "turnustimer", "rota_hours"), required=False),
    ),
    schemas.FtesSchema,
    one_of=(("year", "period"),),
)
DECISIONS = Contract(
    "decisions",
    "Vedtak",
    (
        Column("person_key", "text", ("personnøkkel", "personnokkel", "person", "pseudonym", "person_key")),
        Column("service", "text", ("teneste", "tjeneste", "service")),
        Column("step", "step", ("trinn", "step"), required=False),
        Column(
            "hours_per_week",
            "number",
            ("timar per veke", "timer per uke", "vedtakstimar", "vedtakstimer", "hours_per_week"),
            required=False,
            default=0.0,
        ),
        Column("start_date", "date", ("frå dato", "fra dato", "startdato", "start", "start_date")),
        Column("end_date", "date", ("til dato", "sluttdato", "slutt", "end_date"), required=False),
        Column("age_band", "age_band", ("aldersgruppe", "alder", "age_band"), required=False),
        Column("birth_year", "integer", ("fødselsår", "fodselsar", "birth_year"), required=False),
        Column("user_group", "user_group", ("brukargruppe", "brukergruppe", "user_group")),
        Column(
            "child_or_adult",
            "child_adult",
            ("barn eller vaksen", "barn/vaksen", "barn/voksen", "child_or_adult"),
            required=False,
        ),
        Column(
            "unit",
            "text",
            ("eining", "enhet", "utførande eining", "utførende enhet", "avdeling", "unit"),
            required=False,
        ),
    ),
    schemas.DecisionsSchema,
    sensitive=True,
    by_year=False,
    one_of=(("age_band", "birth_year"),),
)
PLACES = Contract(
    "places",
    "Plassar",
    (
        _YEAR,
        Column("unit", "text", ("eining", "enhet", "unit")),
        Column("step", "step", ("trinn", "step")),
        Column("places", "number", ("plassar", "plasser", "places")),
        Column(
            "occupied_days", "number", ("belagde døgn", "belagte døgn", "liggedøgn", "occupied_days"), required=False
        ),
        Column("provision", "provision", ("kjøp", "kjop", "kjøpt", "produksjon", "bought"), required=False),
    ),
    schemas.PlacesSchema,
)
MAPPING = Contract(
    "mapping",
    "Fordelingsnøkkel",
    (
        _YEAR,
        Column("cost_centre", "code", _CC.aliases),
        Column("function", "code", ("funksjon", "function"), required=False),
        Column("step", "step", ("trinn", "step")),
        Column(
            "user_group", "user_group", ("brukargruppe", "brukergruppe", "user_group"), required=False, default="alle"
        ),
        Column(
            "share",
            "percent",
            ("del", "del prosent", "prosent", "andel", "share", "share_percent"),
            required=False,
            default=100.0,
        ),
    ),
    schemas.MappingSchema,
)
SERVICES = Contract(
    "services",
    "Teneste til trinn",
    (
        Column("service", "text", ("teneste", "tjeneste", "service")),
        Column("step", "step", ("trinn", "step")),
    ),
    schemas.ServicesSchema,
    by_year=False,
)

UNITS = Contract(
    "units",
    "Einingar",
    (
        Column("unit", "text", ("eining", "enhet", "avdeling", "unit")),
        Column("cost_centre", "code", _CC.aliases),
        Column("places", "number", ("plassar", "plasser", "places"), required=False),
    ),
    schemas.UnitsSchema,
    by_year=False,
)

DELIVERED_HOURS = Contract(
    "delivered_hours",
    "Utførte timar",
    (
        _OPTIONAL_YEAR,
        _REQUIRED_PERIOD,
        _UNIT,
        Column("hours", "number", ("utførte timar", "utførte timer", "timar", "timer", "delivered_hours", "hours")),
    ),
    schemas.DeliveredHoursSchema,
)
SICKNESS_ABSENCE = Contract(
    "sickness_absence",
    "Sjukefråvær",
    (
        _OPTIONAL_YEAR,
        _REQUIRED_PERIOD,
        _UNIT,
        Column("absence_days", "number", ("fråværsdagsverk", "fraværsdagsverk", "absence_days")),
        Column("possible_days", "number", ("moglege dagsverk", "mulige dagsverk", "possible_days")),
    ),
    schemas.SicknessAbsenceSchema,
)

# Not a data file of the profile: the unit-price catalogue is read with the same checks, and stored as a
# version of a year's catalogue by trappa.services.prices.
PRICES = Contract(
    "prices",
    "Einingsprisar",
    (
        Column("kind", "text", ("tenestetype", "tjenestetype", "teneste", "tjeneste", "kind")),
        Column("time_of_day", "text", ("tid på døgnet", "tid", "time_of_day"), required=False),
        Column("setting", "text", ("stad", "sted", "setting"), required=False),
        Column("travel_group", "integer", ("reisetidsgruppe", "travel_group"), required=False),
        Column("staffing_factor", "number", ("bemanningsfaktor", "staffing_factor"), required=False),
        Column(
            "ownership", "text", ("eige eller kjøpt", "eie eller kjøpt", "eigen/kjøpt", "ownership"), required=False
        ),
        Column("step", "integer", ("trinn", "step"), required=False),
        Column("price", "number", ("pris", "pris (kr)", "price")),
        Column("note", "text", ("merknad", "note"), required=False),
    ),
    schemas.PricesSchema,
    by_year=False,
)

CONTRACTS: dict[str, Contract] = {
    c.kind: c for c in (ACCOUNTS, FTES, DECISIONS, PLACES, MAPPING, SERVICES, UNITS, DELIVERED_HOURS, SICKNESS_ABSENCE)
}


def _problem(
    contract: Contract, name: str, row: int | None, column: str | None, message: str, fix: str, value: object = None
) -> Problem:
    shown = None if contract.sensitive or value is None else str(value)
    return Problem(name, row, column, message, fix, shown)


def read_contract(
    path: Path,
    contract: Contract,
    *,
    display_name: str | None = None,
    limits: FileLimits = DEFAULT_LIMITS,
) -> pl.DataFrame:
    """Read, check and type one file; raise :class:`InputFileError` with every problem found.

    The file is checked a part at a time (:func:`read_batches`): only the typed rows of the whole file are
    kept, so a 100 MB export is checked in a few hundred megabytes.
    """
    name = display_name or path.name
    return _parse_parts(read_batches(path, contract.looks_like_header, display_name=name, limits=limits), contract)


def read_kind(kind: str, path: Path, display_name: str) -> pl.DataFrame:
    """:func:`read_contract` by the contract's name: what a reading process is sent (contracts hold functions)."""
    return read_contract(path, CONTRACTS[kind], display_name=display_name)


def parse_raw(raw: RawTable, contract: Contract) -> pl.DataFrame:
    """Check and type a table already in memory (the mapping form's rows) by the same rules as a file."""
    return _parse_parts(iter([raw]), contract)


@dataclass
class _Found:
    """Problems found a part of the file at a time: the first SHOWN of a kind per column listed, the rest counted."""

    contract: Contract
    name: str
    listed: list[Problem] = field(default_factory=list)
    shown: dict[tuple[str | None, str], int] = field(default_factory=dict)
    rest: dict[tuple[str | None, str], tuple[int, int | None, str]] = field(default_factory=dict)

    def add(self, row: int | None, column: str | None, message: str, fix: str, value: object = None) -> None:
        """One problem, listed while its kind (column, message) has had fewer than SHOWN, else counted."""
        key = (column, message)
        if self.shown.get(key, 0) < SHOWN:
            self.shown[key] = self.shown.get(key, 0) + 1
            self.listed.append(_problem(self.contract, self.name, row, column, message, fix, value))
            return
        self.count(column, message, fix, 1, row)

    def count(self, column: str | None, message: str, fix: str, count: int, last: int | None) -> None:
        """``count`` more of a kind, not listed (the first SHOWN of it are)."""
        before, was, _fix = self.rest.get((column, message), (0, None, fix))
        self.rest[(column, message)] = (before + count, last if last is not None else was, fix)

    def where(self, mask: pl.Series, rows: pl.Series, values: pl.Series | None, column: str, message: str,
              fix: str) -> None:  # fmt: skip
        """The cells where ``mask`` holds: listed up to SHOWN for (column, message) over the whole file."""
        found = int(mask.sum())
        if not found:
            return
        key = (column, message)
        take = min(found, SHOWN - self.shown.get(key, 0))
        hit_rows = rows.filter(mask)
        hit_values = values.filter(mask).head(take).to_list() if values is not None else [None] * take
        for row, value in zip(hit_rows.head(take).to_list(), hit_values, strict=True):
            self.add(row, column, message, fix, value)
        if found > take:
            self.count(column, message, fix, found - take, int(hit_rows[-1]))

    def problems(self) -> list[Problem]:
        more = [
            _problem(
                self.contract,
                self.name,
                last,
                column,
                f"{message}: og {format_number(count)} rader til" + (f", fram til rad {last}" if last else ""),
                fix,
            )  # fmt: skip
            for (column, message), (count, last, fix) in self.rest.items()
        ]
        return self.listed + more


def _parse_parts(parts: Iterator[RawTable], contract: Contract) -> pl.DataFrame:
    """Every part typed and checked by itself (cells, months, value rules); then what needs the whole file
    (values that must be unique, rows that repeat)."""
    found: _Found | None = None
    header_problems: list[Problem] = []
    identity: list[tuple[int, str]] = []
    typed: list[pl.DataFrame] = []
    rows: list[pl.Series] = []
    header_row, headers = 0, {}
    for raw in parts:
        if found is None:
            found = _Found(contract, raw.name)
            header_row, headers = raw.header_row, {v: k for k, v in contract.recognise(raw.frame.columns).items()}
            header_problems = _header_problems(raw, contract, headers)
        identity += find_identity_numbers(raw.frame, raw.row_numbers)
        if not identity and not header_problems and raw.frame.height:
            part = _check_part(raw, contract, headers, found)
            # text as categories while the parts are gathered: 4 bytes a cell instead of 16 or more
            typed.append(part.with_columns(pl.col(pl.String).cast(pl.Categorical)))
            rows.append(raw.row_numbers)
    if found is None:
        raise ValueError("read_batches hands out at least one part")
    name = found.name
    if identity:
        refuse_identity_numbers(name, identity)
    if not header_problems and not typed:
        header_problems.append(
            _problem(
                contract,
                name,
                header_row,
                None,
                "fila har ingen datarader under overskrifta",
                "legg inn radene, eller vel rett fil",
            )  # fmt: skip
        )
    if header_problems:
        raise InputFileError(name, header_problems)
    frame = pl.concat(typed)
    row_numbers = pl.concat(rows)
    del typed, rows
    for column in _unique_columns(contract):
        repeated = frame.select(pl.col(column).is_duplicated() & pl.col(column).is_not_null()).to_series()
        message, fix = _explain_check("field_uniqueness", column, contract)
        values = frame.get_column(column).cast(pl.String)
        found.where(repeated, row_numbers, values, headers.get(column, column), message, fix)
    problems = found.problems() or _duplicates(frame, row_numbers, name, contract)
    if problems:
        problems.sort(key=lambda p: (p.row or 0, p.column or ""))
        raise InputFileError(name, problems)
    return frame.with_columns(pl.col(pl.Categorical).cast(pl.String), row_numbers.alias("source_row"))


def _check_part(raw: RawTable, contract: Contract, headers: dict[str, str], found: _Found) -> pl.DataFrame:
    """One part typed; its unreadable cells, months of another year and broken value rules go to ``found``."""
    before = len(found.listed)
    part, reported = _parse_cells(raw, contract, headers, found)
    if "period" in part.columns:
        part, mismatched = _year_from_period(part)
        period = headers.get("period", contract.column("period").label)
        for row, month, year in zip(raw.row_numbers.filter(mismatched), part["__period"].filter(mismatched),
                                    part["year"].filter(mismatched), strict=True):  # fmt: skip
            found.add(row, period, f"månaden {month} høyrer ikkje til året {year} i same rad",
                      "rett året eller månaden, eller ta ut kolonnen «år»", month)  # fmt: skip
        part = part.drop("__period")
    # Value rules are checked too, so one pass reports every problem; a cell already
    # reported as unreadable is not reported again as empty.
    seen = {(p.row, p.column) for p in found.listed[before:]}
    _check_schema(part, raw.row_numbers, headers, contract, found, reported, seen)
    return part


def _header_problems(raw: RawTable, contract: Contract, by_name: dict[str, str]) -> list[Problem]:
    """The heading row: a column about who a person is, a required column missing."""
    problems: list[Problem] = []
    # Any contract: a column that says it holds who a person is refuses the file (not ignored).
    for h in raw.frame.columns:
        what = personal_column(h)
        if what:
            problems.append(
                _problem(
                    contract,
                    raw.name,
                    raw.header_row,
                    h,
                    f"kolonnen ser ut til å innehalde {what}; trappa skal aldri ha opplysningar om kven ein person er",
                    "ta kolonnen ut av eksporten og last opp på nytt",
                )
            )
    for col in contract.columns:
        if col.required and col.name not in by_name:
            problems.append(
                _problem(
                    contract,
                    raw.name,
                    raw.header_row,
                    col.label,
                    "kolonnen manglar",
                    f"legg til ein kolonne med overskrifta «{col.label}»",
                )
            )
    for group in contract.one_of:
        if not any(name in by_name for name in group):
            labels = " eller ".join(f"«{contract.column(n).label}»" for n in group)
            problems.append(
                _problem(
                    contract, raw.name, raw.header_row, None, f"fila må ha kolonnen {labels}", f"legg til {labels}"
                )
            )
    return problems


def _parse_cells(
    raw: RawTable, contract: Contract, by_name: dict[str, str], found: _Found
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """One part's cells typed by the contract (``by_name``: the file's heading of each contract column);
    unreadable, ambiguous and missing cells go to ``found``.

    Also (column, index in the part) of every cell so reported, so the value rules do not tell them again.
    """
    typed: dict[str, pl.Series] = {}
    reported: list[pl.DataFrame] = [pl.DataFrame(schema={"index": pl.Int64, "column": pl.Utf8})]
    rows = raw.row_numbers
    for col in contract.columns:
        kind = KINDS[col.kind]
        if col.name not in by_name:
            typed[col.name] = pl.Series(col.name, [col.default] * raw.frame.height, dtype=kind.dtype)
            continue
        header = by_name[col.name]
        source = raw.frame.get_column(header)
        parsed = numeric_cell(col.kind, source)
        if parsed is None:
            parsed = _parse_text(kind.parse, source.cast(pl.Utf8))
        parsed = parsed.cast(kind.dtype).rename(col.name)
        filled = pl.select(
            pl.lit(source).is_not_null() & (pl.lit(source).cast(pl.Utf8).str.strip_chars() != "")
        ).to_series()
        bad = filled & parsed.is_null()
        ambiguous = ambiguous_mask(col.kind, source) & bad
        found.where(ambiguous, rows, source, header, "talet er tvetydig", AMBIGUOUS_HINT)
        found.where(bad & ~ambiguous, rows, source, header, "verdien kan ikkje lesast", kind.fix)
        told = (bad | ~filled if col.required else bad).fill_null(False)
        if told.any():
            reported.append(told.arg_true().cast(pl.Int64).to_frame("index").with_columns(column=pl.lit(col.name)))
        if col.required:
            found.where(~filled, rows, None, header, "cella er tom", kind.fix)
        elif col.default is not None:
            parsed = parsed.fill_null(pl.lit(col.default, kind.dtype)) if not bad.any() else parsed
        typed[col.name] = parsed
    return pl.DataFrame(typed), pl.concat(reported)


# At most SHOWN problems of each kind per column are listed; the rest are counted in one line, so a
# file with two million bad rows is refused in seconds, not after building two million messages.
SHOWN = SHOWN_PER_KIND


def _parse_text(parse: Callable[[pl.Expr], pl.Expr], source: pl.Series) -> pl.Series:
    """Parse each distinct text once (a year column of two million rows has one value) and spread it back."""
    distinct = source.unique()
    if distinct.len() * 2 > source.len():
        return pl.select(parse(pl.lit(source))).to_series()
    table = pl.DataFrame({"text": distinct, "value": pl.select(parse(pl.lit(distinct))).to_series()})
    spread = source.to_frame("text").join(table, on="text", how="left", nulls_equal=True, maintain_order="left")
    return spread.get_column("value")


def _duplicates(frame: pl.DataFrame, rows: pl.Series, name: str, contract: Contract) -> list[Problem]:
    """Rows equal in every column: a double export, counted twice if stored (issue 15 found them kept silently)."""
    columns = frame.columns
    # rows whose hashes repeat first (8 bytes a row, found by sorting), then the exact comparison on those
    # only: comparing two million whole rows at once took 600 MB
    hashes = frame.hash_rows(seed=0)
    ordered = hashes.sort()
    maybe = hashes.is_in(ordered.filter(ordered == ordered.shift(1)).unique().implode())
    if not maybe.any():
        return []
    doubled = frame.with_columns(rows.alias("__row")).filter(maybe).filter(pl.struct(columns).is_duplicated())
    if doubled.is_empty():
        return []
    groups = doubled.group_by(columns, maintain_order=True).agg(pl.col("__row").sort())
    problems = []
    for group in groups.get_column("__row").to_list():
        for row in group[1:]:
            problems.append(
                _problem(
                    contract,
                    name,
                    row,
                    None,
                    f"rada er lik rad {group[0]} i alle kolonnane, og ville blitt rekna to gonger",
                    "ta bort den doble rada; er begge rette, slå dei saman til éi rad (summer beløp eller timar)",
                )
            )
    return problems


def _year_from_period(frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.Series]:
    """The month as a number 1–12 and the year from it where the row has none; rows where the two disagree."""
    period_year = pl.col("period").str.slice(0, 4).cast(pl.Int64)
    mismatched = frame.select(
        (pl.col("year").is_not_null() & pl.col("period").is_not_null() & (pl.col("year") != period_year)).fill_null(
            False
        )
    ).to_series()
    out = frame.with_columns(
        pl.coalesce("year", period_year).alias("year"),
        pl.col("period").str.slice(5, 2).cast(pl.Int64).alias("month"),
        pl.col("period").alias("__period"),
    ).drop("period")
    return out, mismatched


@functools.cache
def _unique_columns(contract: Contract) -> list[str]:
    """Columns whose values must be unique in the whole file (checked over all parts, not by each)."""
    return [name for name, column in contract.schema.to_schema().columns.items() if column.unique]


@functools.cache
def _part_schema(contract: Contract) -> pa.DataFrameSchema:
    """The contract's rules for one part: uniqueness is checked over the whole file instead."""
    schema = contract.schema.to_schema()
    return schema.update_columns({name: {"unique": False} for name in _unique_columns(contract)})


def _check_schema(
    part: pl.DataFrame,
    rows: pl.Series,
    headers: dict[str, str],
    contract: Contract,
    found: _Found,
    reported: pl.DataFrame,
    seen: set[tuple[int | None, str | None]],
) -> None:
    """The value rules over one part; cells in ``reported`` (unreadable, empty) or ``seen`` are not told again."""
    try:
        _part_schema(contract).validate(part, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases.with_columns(pl.col("column").cast(pl.Utf8), pl.col("check").cast(pl.Utf8))
        cases = cases.with_columns(pl.col("index").cast(pl.Int64))
        cases = cases.join(reported, on=["index", "column"], how="anti", maintain_order="left")
        contract_columns = {c.name for c in contract.columns}
        nth = pl.int_range(pl.len()).over(["column", "check"])
        # each kind told SHOWN times at most: the rest of a part only counted (two million bad years)
        for column, check, count, last in (
            cases.filter(nth >= SHOWN).group_by(["column", "check"], maintain_order=True)
            .agg(pl.len(), pl.col("index").last()).iter_rows()
        ):  # fmt: skip
            label = headers.get(column, column) if column else None
            message, fix = _explain_check(str(check), column, contract)
            found.count(label, message, fix, count, int(rows[int(last)]) if last is not None else None)
        for case in cases.filter(nth < SHOWN).iter_rows(named=True):
            index, column = case.get("index"), case.get("column")
            row = int(rows[int(index)]) if index is not None else None
            label = (
                headers.get(column, contract.column(column).label if column in contract_columns else None)
                if column
                else None
            )
            if (row, label) in seen:
                continue
            message, fix = _explain_check(str(case.get("check")), column, contract)
            found.add(row, label, message, fix, case.get("failure_case"))


def _explain_check(check: str, column: str | None, contract: Contract) -> tuple[str, str]:
    if check == "field_uniqueness" and contract.kind == "units":
        return "ansvaret står i meir enn éi eining", "kvart ansvar høyrer til éi eining: ta det ut av dei andre"
    if check == "field_uniqueness":
        return "verdien står fleire gonger", "kvar verdi skal stå éin gong"
    if check.startswith("greater_than") or check.startswith("less_than") or check.startswith("in_range"):
        if column == "year":
            return "året er utanfor det moglege", "skriv eit år mellom 1990 og 2100"
        return f"verdien er utanfor det tillatne ({check})", "rett verdien"
    if check.startswith("isin"):
        return "verdien er ikkje ein av dei tillatne", KINDS[
            contract.column(column).kind
        ].fix if column else "rett verdien"
    if check.startswith("str_matches"):
        fixes = {
            "art": "art skal vere 3 til 6 siffer, til dømes 010 eller 10100",
            "function": "funksjon skal vere KOSTRA-funksjonen med tre siffer, til dømes 254",
            "cost_centre": "skriv ansvarskoden, eit intervall som 1000-1999, eller eit prefiks som 12*",
        }
        return "verdien har feil form", fixes.get(column or "", "rett verdien")
    if check.startswith("str_length"):
        return "teksten er tom eller for lang", "kort ned teksten"
    if check == "absence_within_possible":
        return "fråværsdagsverka er fleire enn dei moglege dagsverka", "rett ein av dei to kolonnane"
    if check == "end_not_before_start":
        return "sluttdatoen er før startdatoen", "rett start- eller sluttdatoen"
    if check.startswith("not_nullable"):
        return "cella er tom", "fyll inn cella"
    return f"verdien bryt regelen {check}", "rett verdien"
