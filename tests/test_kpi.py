"""The staffing KPI chain on a hand-computed unit, the what-if identity, and the catalogue against its docs."""

from __future__ import annotations

import pytest

from trappa.model import kpi
from trappa.model.kpi_catalogue import BY_CODE, KPIS
from trappa.report.kpi_docs import markdown

from .conftest import ROOT

# A group home: 10 gross FTEs; pay 6 MNOK of which 5 fixed, 0.4 temporary, 0.3 overtime, 0.3 other;
# social costs 1.5 MNOK (25 % of pay); 9 230 decided hours; 4 users.
LINES = [
    ("01010", 5_000_000.0),
    ("02010", 400_000.0),
    ("04010", 300_000.0),
    ("05010", 300_000.0),
    ("09900", 1_500_000.0),
]
UNIT = kpi.UnitFigures(
    wage=kpi.wage_cost(LINES), gross_ftes=10.0, decided_hours=9_230.0, users=4, rota_hours=18_460.0,
    delivered_hours=8_307.0,
)  # fmt: skip


def test_wage_cost_by_part_from_the_art():
    w = kpi.wage_cost([*LINES, ("11000", 999.0)])  # not a wage art: left out
    assert (w.fixed, w.temporary, w.overtime, w.other, w.social) == (5_000_000, 400_000, 300_000, 300_000, 1_500_000)
    assert w.pay == 6_000_000 and w.variable == 1_000_000 and w.with_social(w.fixed) == 6_250_000


def test_the_chain_by_hand():
    k = kpi.chain(UNIT)
    assert k["cost_per_gross_fte"] == pytest.approx(750_000)  # 7.5 MNOK ÷ 10
    assert k["cost_per_net_fte"] == pytest.approx(625_000)  # 5 MNOK × 1.25 ÷ 10
    assert k["cost_per_paid_hour"] == pytest.approx(625_000 / 1645)
    assert k["cost_per_overtime_hour"] == pytest.approx(2 * 625_000 / 1645)
    assert k["paid_hours_per_decided_hour"] == pytest.approx(10 * 1846 / 9230)  # 2.0
    assert k["staff_cost_per_decided_hour"] == pytest.approx(2.0 * 625_000 / 1645)
    assert k["ftes_per_user"] == pytest.approx(2.5) and k["staffing_factor"] == pytest.approx(2.5)
    assert k["staff_cost_per_user"] == pytest.approx(2.5 * 750_000)
    assert k["rota_hours_per_decided_hour"] == pytest.approx(2.0)
    assert k["delivered_per_decided_hour"] == pytest.approx(0.9)
    assert k["overtime_share"] == pytest.approx(0.05) and k["variable_pay_share"] == pytest.approx(1 / 6)
    assert k["sickness_absence"] is None  # not given: not guessed
    assert kpi.chain(kpi.UnitFigures(kpi.WageCost(), 0.0, 0.0, 0))["cost_per_gross_fte"] is None


def test_the_municipality_maps_its_own_arts_over_the_kostra_default():
    own = {"10150": "allowances", "020": "other", "05090": "none"}
    assert kpi.wage_part("10150", own) == "allowances"  # its own art wins over the three digits (010)
    assert kpi.wage_part("10100", own) == "fixed"  # the rest of 010 stays fixed pay
    assert kpi.wage_part("02010", own) == "other" and kpi.wage_part("02010") == "temporary"
    assert kpi.wage_part("05090", own) is None and kpi.wage_part("05010", own) == "other"
    w = kpi.wage_cost([("10100", 900.0), ("10150", 100.0), ("05090", 50.0)], own)
    assert (w.fixed, w.allowances, w.other) == (900.0, 100.0, 0.0)


def test_the_frame_maps_arts_as_the_chain_does():
    import polars as pl

    from trappa.model.kpi_frame import wage_parts

    accounts = pl.DataFrame(
        {"year": [2023] * 4, "cost_centre": ["1"] * 4, "art": ["10100", "10150", "02010", "05090"],
         "amount_ore": [90_000, 10_000, 5_000, 2_000], "month": [None] * 4},
        schema_overrides={"month": pl.Int64},
    )  # fmt: skip
    units = pl.DataFrame({"unit": ["A"], "cost_centre": ["1"]})
    own = {"10150": "allowances", "05090": "none"}
    row = wage_parts(accounts, units, monthly=False, arts=own).filter(pl.col("unit") == "A").row(0, named=True)
    lines = list(zip(accounts["art"], (accounts["amount_ore"] / 100).to_list(), strict=True))
    scalar = kpi.wage_cost(lines, own)
    assert (row["fixed"], row["allowances"], row["temporary"], row["other"]) == (
        scalar.fixed, scalar.allowances, scalar.temporary, scalar.other)  # fmt: skip


def test_wage_arts_as_people_write_them_and_the_errors(engine):
    from trappa.errors import TrappaError
    from trappa.services import municipality

    assert municipality.parse_wage_arts(["10150 = faste tillegg", "", "020=other"]) == {
        "10150": "allowances", "020": "other"}  # fmt: skip
    with pytest.raises(TrappaError, match="linje 2"):
        municipality.parse_wage_arts(["10150 = faste tillegg", "10160 = bonus"])
    with pytest.raises(TrappaError, match="tre til åtte siffer"):
        municipality.update(engine, "test", wage_arts={"1A": "fixed"})
    municipality.update(engine, "test", wage_arts={"10150": "allowances"})
    assert municipality.load(engine).wage_arts == {"10150": "allowances"}


def test_what_if_no_change_is_today_exactly():
    same = kpi.what_if(UNIT)
    assert same.after == same.before and same.wage_cost_change == 0 and same.saving_from_decided_hours == 0


def test_what_if_fewer_decided_hours_and_less_overtime():
    fewer = kpi.what_if(UNIT, decided_hours=-2.0)
    per_hour = kpi.chain(UNIT)["staff_cost_per_decided_hour"]
    assert fewer.saving_from_decided_hours == pytest.approx(9_230 * -0.02 * per_hour)
    assert fewer.after["paid_hours_per_decided_hour"] > fewer.before["paid_hours_per_decided_hour"]
    less = kpi.what_if(UNIT, overtime=-50.0)
    assert less.wage_cost_change == pytest.approx(-150_000 * 1.25)  # the overtime and its social costs
    assert less.after["overtime_share"] < less.before["overtime_share"]


def test_every_kpi_of_the_chain_is_in_the_catalogue_and_the_docs_are_current():
    assert set(kpi.chain(UNIT)) <= set(BY_CODE)
    assert len({k.code for k in KPIS}) == len(KPIS)
    assert (ROOT / "docs" / "kpis.md").read_text("utf-8") == markdown(), (
        "docs/kpis.md is out of date: .venv/bin/python -m trappa.report.kpi_docs > docs/kpis.md"
    )


def test_kpis_per_unit_from_the_stored_data_and_the_json_shape(engine, tmp_path):
    import json

    from trappa.errors import InputFileError, TrappaError
    from trappa.report.kpi_out import to_json_text
    from trappa.services import kpi as kpi_service
    from trappa.services.imports import import_file

    from .conftest import EXAMPLES, write

    for kind in ("accounts", "ftes", "decisions", "services", "mapping"):
        import_file(engine, "test", kind, EXAMPLES / f"{kind}.csv")
    with pytest.raises(TrappaError, match="Ingen einingar"):
        kpi_service.kpis(engine, 2023)
    twice = write(tmp_path / "e.csv", "eining;ansvar\nA;4601\nB;4601\n")
    with pytest.raises(InputFileError) as refused:
        import_file(engine, "test", "units", twice)
    assert "ansvaret står i meir enn éi eining" in str(refused.value) and "rad 3" in str(refused.value)
    import_file(engine, "test", "units", EXAMPLES / "units.csv")
    report = kpi_service.kpis(engine, 2023)
    doc = json.loads(to_json_text(report))
    assert set(doc) == {"period", "units", "total"} and doc["period"] == "2023"
    home = next(u for u in doc["units"] if u["unit"] == "Heimesjukepleia")
    assert home["kpis"]["gross_ftes"] == 20.1  # «brutto årsverk» where the file gives it
    assert home["kpis"]["cost_per_gross_fte"] > 0 and home["kpis"]["staff_cost_per_decided_hour"] is None
    assert doc["total"]["staff_cost_per_decided_hour"] > 0
    same = kpi_service.what_if_total(engine, 2023)
    assert same.after == same.before
    with pytest.raises(TrappaError, match="Ingen rekneskap for 1999"):
        kpi_service.kpis(engine, 1999)


def test_the_frame_gives_the_chain_s_answers_for_a_year_and_annualises_a_month():
    import polars as pl

    from trappa.model.kpi_frame import kpi_columns

    w = UNIT.wage
    row = {p: getattr(w, p) for p in ("fixed", "allowances", "temporary", "overtime", "other", "social")}
    year = pl.DataFrame(
        [{**row, "gross_ftes": 10.0, "users": 4, "decided_hours": 9_230.0, "rota_hours": 18_460.0,
          "delivered_hours": 8_307.0, "absence_days": None, "possible_days": None, "months": 12}]
    )  # fmt: skip
    got = kpi_columns(year).row(0, named=True)
    for code, expected in kpi.chain(UNIT).items():
        assert got[code] == (pytest.approx(expected) if expected is not None else None), code
    # A month: a twelfth of the money and the hours against the same FTEs gives the same yearly figures.
    month = year.with_columns(
        *(pl.col(c) / 12 for c in (*row, "decided_hours", "rota_hours", "delivered_hours")), months=pl.lit(1)
    )
    monthly = kpi_columns(month).row(0, named=True)
    for code in ("cost_per_gross_fte", "cost_per_paid_hour", "paid_hours_per_decided_hour", "staff_cost_per_user"):
        assert monthly[code] == pytest.approx(got[code]), code


def test_months_in_the_files_and_units_that_must_exist(engine, tmp_path):
    from trappa.errors import InputFileError
    from trappa.ingest.contracts import CONTRACTS, read_contract
    from trappa.services.imports import import_file
    from trappa.store.read import load_table

    from .conftest import EXAMPLES, write

    monthly = write(
        tmp_path / "a.csv", "periode;ansvar;art;funksjon;beløp\n2024-03;4601;10100;254;100\n03.2024;4601;10400;254;5\n"
    )
    frame = read_contract(monthly, CONTRACTS["accounts"])
    assert frame["year"].to_list() == [2024, 2024] and frame["month"].to_list() == [3, 3]
    bad = write(
        tmp_path / "b.csv",
        "år;periode;ansvar;årsverk\n2024;2024-13;4601;3\n2024;mars;4601;3\n2023;2024-02;4601;3\n",
    )
    with pytest.raises(InputFileError) as refused:
        read_contract(bad, CONTRACTS["ftes"])
    text = str(refused.value)
    assert text.count("skriv månaden som 2024-03") == 2 and "rad 2" in text and "rad 3" in text
    assert "månaden 2024-02 høyrer ikkje til året 2023" in text and "rad 4" in text
    hours = write(tmp_path / "h.csv", "periode;eining;utførte timar\n2023-01;Heimesjukepleia;10\n2023-01;Ukjend;5\n")
    with pytest.raises(InputFileError, match="importer einingane først"):
        import_file(engine, "test", "delivered_hours", hours)
    import_file(engine, "test", "units", EXAMPLES / "units.csv")
    with pytest.raises(InputFileError) as unknown:
        import_file(engine, "test", "delivered_hours", hours)
    assert "eininga «Ukjend» finst ikkje" in str(unknown.value) and "rad 3" in str(unknown.value)
    assert load_table(engine, "delivered_hours").is_empty()  # nothing half-imported


def test_monthly_ftes_count_as_the_year_s_mean_in_the_profile():
    import polars as pl

    from trappa.model.ftes import yearly_ftes

    months = pl.DataFrame({"year": [2023] * 13, "cost_centre": ["1"] * 12 + ["2"], "ftes": [12.0] * 12 + [5.0],
                           "month": [*range(1, 13), None]})  # fmt: skip
    assert yearly_ftes(months).group_by("cost_centre").agg(pl.col("ftes").sum()).sort("cost_centre")[
        "ftes"
    ].to_list() == [
        12.0,
        5.0,
    ]
