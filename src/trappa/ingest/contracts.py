"""The data contracts: which columns each file has, and reading a file into a checked table.

See docs/data-contracts.md for the same in words for the people who export the files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandera.errors
import pandera.polars as pa
import polars as pl

from trappa.errors import InputFileError, Problem
from trappa.ingest import schemas
from trappa.ingest.columns import KINDS, ambiguous_mask, normalise_label, numeric_cell
from trappa.ingest.identity import personal_column, refuse_identity_numbers
from trappa.ingest.limits import DEFAULT_LIMITS, FileLimits
from trappa.ingest.numbers import AMBIGUOUS_HINT
from trappa.ingest.reader import RawTable, read_table
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
    contract: Contract, raw: RawTable, row: int | None, column: str | None, message: str, fix: str, value: object = None
) -> Problem:
    shown = None if contract.sensitive or value is None else str(value)
    return Problem(raw.name, row, column, message, fix, shown)


def read_contract(
    path: Path,
    contract: Contract,
    *,
    display_name: str | None = None,
    limits: FileLimits = DEFAULT_LIMITS,
) -> pl.DataFrame:
    """Read, check and type one file; raise :class:`InputFileError` with every problem found."""
    raw = read_table(path, contract.looks_like_header, display_name=display_name, limits=limits)
    refuse_identity_numbers(raw.name, raw.frame, raw.row_numbers)
    return parse_raw(raw, contract)


def read_kind(kind: str, path: Path, display_name: str) -> pl.DataFrame:
    """:func:`read_contract` by the contract's name: what a reading process is sent (contracts hold functions)."""
    return read_contract(path, CONTRACTS[kind], display_name=display_name)


def parse_raw(raw: RawTable, contract: Contract) -> pl.DataFrame:
    problems: list[Problem] = []
    header_map = contract.recognise(raw.frame.columns)
    by_name = {v: k for k, v in header_map.items()}
    # Any contract: a column that says it holds who a person is refuses the file (not ignored).
    for h in raw.frame.columns:
        what = personal_column(h)
        if what:
            problems.append(
                _problem(
                    contract,
                    raw,
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
                    raw,
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
                _problem(contract, raw, raw.header_row, None, f"fila må ha kolonnen {labels}", f"legg til {labels}")
            )
    if not problems and raw.frame.height == 0:
        problems.append(
            _problem(
                contract,
                raw,
                raw.header_row,
                None,
                "fila har ingen datarader under overskrifta",
                "legg inn radene, eller vel rett fil",
            )
        )
    if problems:
        raise InputFileError(raw.name, problems)

    typed: dict[str, pl.Series] = {}
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
        # At most SHOWN problems of each kind per column are listed; the rest are counted in one line, so a
        # file with two million bad rows is refused in seconds, not after building two million messages.
        for mask, message, fix in ((ambiguous, "talet er tvetydig", AMBIGUOUS_HINT),
                                   (bad & ~ambiguous, "verdien kan ikkje lesast", kind.fix)):  # fmt: skip
            for row, value in zip(rows.filter(mask).head(SHOWN), source.filter(mask).head(SHOWN), strict=True):
                problems.append(_problem(contract, raw, row, header, message, fix, value))
            problems += _more(contract, raw, header, message, fix, mask)
        if col.required:
            for row in rows.filter(~filled).head(SHOWN).to_list():
                problems.append(_problem(contract, raw, row, header, "cella er tom", kind.fix))
            problems += _more(contract, raw, header, "cella er tom", kind.fix, ~filled)
        elif col.default is not None:
            parsed = parsed.fill_null(pl.lit(col.default, kind.dtype)) if not bad.any() else parsed
        typed[col.name] = parsed
    frame = pl.DataFrame(typed)
    if "period" in frame.columns:
        frame, mismatched = _year_from_period(frame)
        for row, period, year in zip(
            rows.filter(mismatched), frame["__period"].filter(mismatched), frame["year"].filter(mismatched), strict=True
        ):
            problems.append(
                _problem(
                    contract,
                    raw,
                    row,
                    by_name["period"],
                    f"månaden {period} høyrer ikkje til året {year} i same rad",
                    "rett året eller månaden, eller ta ut kolonnen «år»",
                    period,
                )
            )
        frame = frame.drop("__period")
    # Value rules are checked too, so one pass reports every problem; a cell already
    # reported as unreadable is not reported again as empty.
    seen = {(p.row, p.column) for p in problems}
    problems += [p for p in _check_schema(frame, raw, contract) if (p.row, p.column) not in seen]
    if not problems:
        problems = _duplicates(frame, rows, raw, contract)
    if problems:
        problems.sort(key=lambda p: (p.row or 0, p.column or ""))
        raise InputFileError(raw.name, problems)
    return frame.with_columns(rows.alias("source_row"))


SHOWN = 1000


def _more(contract: Contract, raw: RawTable, header: str, message: str, fix: str, mask: pl.Series) -> list[Problem]:
    """One line for the problems of a kind beyond the first :data:`SHOWN` in a column."""
    rest = int(mask.sum()) - SHOWN
    if rest <= 0:
        return []
    last = int(raw.row_numbers.filter(mask)[-1])
    return [
        _problem(
            contract, raw, last, header, f"{message}: og {format_number(rest)} rader til, fram til rad {last}", fix
        )
    ]


def _parse_text(parse: Callable[[pl.Expr], pl.Expr], source: pl.Series) -> pl.Series:
    """Parse each distinct text once (a year column of two million rows has one value) and spread it back."""
    distinct = source.unique()
    if distinct.len() * 2 > source.len():
        return pl.select(parse(pl.lit(source))).to_series()
    table = pl.DataFrame({"text": distinct, "value": pl.select(parse(pl.lit(distinct))).to_series()})
    spread = source.to_frame("text").join(table, on="text", how="left", nulls_equal=True, maintain_order="left")
    return spread.get_column("value")


def _duplicates(frame: pl.DataFrame, rows: pl.Series, raw: RawTable, contract: Contract) -> list[Problem]:
    """Rows equal in every column: a double export, counted twice if stored (issue 15 found them kept silently)."""
    columns = frame.columns
    doubled = frame.with_columns(rows.alias("__row")).filter(pl.struct(columns).is_duplicated())
    if doubled.is_empty():
        return []
    groups = doubled.group_by(columns, maintain_order=True).agg(pl.col("__row").sort())
    problems = []
    for group in groups.get_column("__row").to_list():
        for row in group[1:]:
            problems.append(
                _problem(
                    contract,
                    raw,
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


def _check_schema(frame: pl.DataFrame, raw: RawTable, contract: Contract) -> list[Problem]:
    problems: list[Problem] = []
    try:
        contract.schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        headers = {v: k for k, v in contract.recognise(raw.frame.columns).items()}
        cases = exc.failure_cases.with_columns(pl.col("column").cast(pl.Utf8), pl.col("check").cast(pl.Utf8))
        nth = pl.int_range(pl.len()).over(["column", "check"])
        for column, check, rest in (
            cases.group_by(["column", "check"], maintain_order=True).len().filter(pl.col("len") > SHOWN).iter_rows()
        ):
            message, fix = _explain_check(str(check), column, contract)
            label = headers.get(column, column) if column else None
            problems.append(
                _problem(contract, raw, None, label, f"{message}: og {format_number(rest - SHOWN)} rader til", fix)
            )
        for case in cases.filter(nth < SHOWN).iter_rows(named=True):
            index = case.get("index")
            row = int(raw.row_numbers[int(index)]) if index is not None else None
            column = case.get("column")
            label = (
                headers.get(
                    column, contract.column(column).label if column in {c.name for c in contract.columns} else None
                )
                if column
                else None
            )
            message, fix = _explain_check(str(case.get("check")), column, contract)
            problems.append(_problem(contract, raw, row, label, message, fix, case.get("failure_case")))
    return problems


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
