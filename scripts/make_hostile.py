"""Write the hostile and broken input files of tests/data/hostile/ (issue 15).

Each file is small and made by hand, part by part, so it is exactly as broken as a real attack
or a careless export: a test imports each and expects a clean refusal with nothing stored.
Run: python scripts/make_hostile.py (the files are committed; run again after changing this).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "hostile"
FIXED = (2024, 1, 1, 0, 0, 0)  # the same bytes every run

HEADER = ["år", "ansvar", "art", "funksjon", "beløp"]


def _cell(value: object, ref: str | None) -> str:
    r = f' r="{ref}"' if ref else ""
    if isinstance(value, str):
        return f'<c{r} t="inlineStr"><is><t>{value}</t></is></c>'
    return f"<c{r}><v>{value}</v></c>"


def _sheet(rows: list[list[object]], *, refs: bool = True, extra_cells: str = "") -> str:
    body = []
    for i, row in enumerate(rows, start=1):
        cells = "".join(_cell(v, f"{_letters(j)}{i}" if refs else None) for j, v in enumerate(row, start=1))
        if i == 1:
            cells += extra_cells
        position = f' r="{i}"' if refs else ""
        body.append(f"<row{position}>{cells}</row>")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{''.join(body)}</sheetData></worksheet>"
    )


def _letters(n: int) -> str:
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


def _xlsx(path: Path, sheet: str, *, sheet_part: str = "worksheets/sheet1.xml") -> None:
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f'<Override PartName="/xl/{sheet_part}" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            f'Target="{sheet_part}"/></Relationships>'
        ),
        f"xl/{sheet_part}": sheet,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, FIXED)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)


ROWS: list[list[object]] = [HEADER, [2023, 4601, 10100, 254, 1000]]
FAR_CELL = '<c r="XFD1048576"><v>1</v></c>'

ACCOUNTS = "år;ansvar;ansvarsnamn;art;funksjon;beløp"
DECISIONS = "personnøkkel;teneste;trinn;timar per veke;frå dato;til dato;aldersgruppe;brukargruppe"


def _identity(born: str, serial: str = "100") -> str:
    """A valid fødselsnummer (made up here from its two check digits), for the files that must be refused."""
    digits = [int(c) for c in born + serial]
    first = 11 - sum(d * w for d, w in zip(digits, (3, 7, 6, 1, 8, 9, 4, 5, 2), strict=True)) % 11
    first = 0 if first == 11 else first
    second = 11 - sum(d * w for d, w in zip([*digits, first], (5, 4, 3, 2, 7, 6, 5, 4, 3, 2), strict=True)) % 11
    second = 0 if second == 11 else second
    if 10 in (first, second):
        return _identity(born, f"{int(serial) + 1:03d}")
    return born + serial + f"{first}{second}"


def _accounts(*rows: str, header: str = ACCOUNTS) -> str:
    good = [f"2023;{4600 + i};Heimetenester;10100;254;{1000 + i}" for i in range(3)]
    return "\n".join([header, *good, *rows]) + "\n"


def _decision(key: str, *, hours: str = "5", start: str = "2023-01-01", end: str = "") -> str:
    """One home-nursing decision row; the hostile files change one part of it."""
    return f"{key};Heimesjukepleie;3;{hours};{start};{end};80-84;andre"


def _decisions(*rows: str, header: str = DECISIONS) -> str:
    return "\n".join([header, *(_decision(f"P-{i}") for i in range(3)), *rows]) + "\n"


def _text_files() -> dict[str, tuple[str, bytes, str]]:
    """file name: (kind, bytes, words the refusal must have — or «stored» for data that is odd but fine)."""
    person = _identity("150765")
    zero = _identity("010170")  # a leading 0 that a spreadsheet drops
    u = "utf-8"
    return {
        # who a person is, in every disguise the attack used
        "identity-plain.csv": (
            "decisions",
            _decisions(_decision(f"{person}")).encode(u),
            "fødselsnummer",
        ),
        "identity-lost-leading-zero.csv": (
            "decisions",
            _decisions(_decision(f"{zero[1:]}")).encode(u),
            "fødselsnummer",
        ),
        "identity-with-hyphen.csv": (
            "decisions",
            _decisions(_decision(f"{person[:6]}-{person[6:]}")).encode(u),
            "fødselsnummer",
        ),
        "identity-with-no-break-space.csv": (
            "decisions",
            _decisions(_decision(f"{person[:6]}\u00a0{person[6:]}")).encode(u),
            "fødselsnummer",
        ),
        "identity-with-dots.csv": (
            "decisions",
            _decisions(_decision(f"{person[:2]}.{person[2:4]}.{person[4:6]} {person[6:]}")).encode(u),
            "fødselsnummer",
        ),
        "identity-with-prefix.csv": (
            "decisions",
            _decisions(_decision(f"P{person}")).encode(u),
            "fødselsnummer",
        ),
        "identity-inside-a-name.csv": (
            "accounts",
            _accounts(f"2023;4700;Kari {person} Nordmann;10100;254;5").encode(u),
            "fødselsnummer",
        ),
        "identity-as-decimal-text.csv": (
            "accounts",
            _accounts(f"2023;4700;{zero[1:]}.0;10100;254;5").encode(u),
            "fødselsnummer",
        ),
        "column-pasientnavn.csv": (
            "decisions",
            _decisions(header=DECISIONS + ";Pasientnavn").replace("andre\n", "andre;x\n").encode(u),
            "namn",
        ),
        "column-bustadadresse.csv": (
            "decisions",
            _decisions(header=DECISIONS + ";Bustadadresse").replace("andre\n", "andre;x\n").encode(u),
            "adresse",
        ),
        "column-personnr.csv": (
            "decisions",
            _decisions(header=DECISIONS + ";Personnr.").replace("andre\n", "andre;x\n").encode(u),
            "fødselsnummer",
        ),
        "column-fornavn.csv": ("accounts", (ACCOUNTS + ";Fornavn\n2023;4601;x;10100;254;5;Kari\n").encode(u), "namn"),
        # dates and years no one means
        "date-year-0001.csv": (
            "decisions",
            _decisions(_decision("Q", start="0001-01-01")).encode(u),
            "mellom 1901 og 2099",
        ),
        "date-1900.csv": (
            "decisions",
            _decisions(_decision("Q", start="1900-01-01")).encode(u),
            "mellom 1901 og 2099",
        ),
        "date-2999.csv": (
            "decisions",
            _decisions(_decision("Q", start="2999-01-01")).encode(u),
            "mellom 1901 og 2099",
        ),
        "date-31-february.csv": (
            "decisions",
            _decisions(_decision("Q", start="31.02.2023")).encode(u),
            "kan ikkje lesast",
        ),
        "date-end-before-start.csv": (
            "decisions",
            _decisions(_decision("Q", start="2023-05-01", end="2023-04-01")).encode(u),
            "sluttdatoen er før",
        ),
        "hours-negative.csv": (
            "decisions",
            _decisions(_decision("Q", hours="-5")).encode(u),
            "utanfor",
        ),
        "year-99999.csv": ("accounts", _accounts("99999;4700;x;10100;254;5").encode(u), "mellom 1990 og 2100"),
        "year-negative.csv": ("accounts", _accounts("-5;4700;x;10100;254;5").encode(u), "mellom 1990 og 2100"),
        "month-of-another-year.csv": (
            "accounts",
            "periode;år;ansvar;art;funksjon;beløp\n2024-03;2023;4601;10100;254;5\n".encode(u),
            "høyrer ikkje til året",
        ),
        # numbers that are not amounts
        "amount-infinity.csv": ("accounts", _accounts("2023;4700;x;10100;254;inf").encode(u), "kan ikkje lesast"),
        "amount-nan.csv": ("accounts", _accounts("2023;4700;x;10100;254;NaN").encode(u), "kan ikkje lesast"),
        "amount-1e400.csv": ("accounts", _accounts("2023;4700;x;10100;254;1e400").encode(u), "kan ikkje lesast"),
        "amount-ambiguous-thousands.csv": ("accounts", _accounts("2023;4700;x;10100;254;1.234").encode(u), "tvetydig"),
        "amount-three-decimals.csv": (
            "accounts",
            _accounts("2023;4700;x;10100;254;12,345").encode(u),
            "kan ikkje lesast",
        ),
        # formulas and markup where text belongs
        "formula-as-cost-centre.csv": (
            "accounts",
            _accounts('2023;=HYPERLINK("http://x");x;10100;254;5').encode(u),
            "formel",
        ),
        "formula-plus-as-art.csv": ("accounts", _accounts("2023;4700;x;+10100;254;5").encode(u), "formel"),
        "markup-in-a-name.csv": (
            "accounts",
            _accounts("2023;4700;Heime [/] [bold]teneste[/bold];10100;254;5").encode(u),
            "stored",
        ),
        # text that hides or turns around
        "bidi-override-in-a-name.csv": (
            "accounts",
            _accounts("2023;4700;Heime\u202etenester;10100;254;5").encode(u),
            "usynlege teikn",
        ),
        "zero-width-space-in-a-name.csv": (
            "accounts",
            _accounts("2023;4700;Sjuke\u200bheim;10100;254;5").encode(u),
            "usynlege teikn",
        ),
        "hidden-character-in-a-heading.csv": (
            "accounts",
            _accounts(header=ACCOUNTS.replace("ansvarsnamn", "ansvars\u200bnamn")).encode(u),
            "overskrifta",
        ),
        "control-character-in-a-heading.csv": (
            "accounts",
            _accounts(header=ACCOUNTS.replace("art", "art\x07")).encode(u),
            "overskrifta",
        ),
        "control-character-in-a-cell.csv": (
            "accounts",
            _accounts("2023;4700;Heime\x1btenester;10100;254;5").encode(u),
            "kontrollteikn",
        ),
        "double-encoded-text.csv": (
            "accounts",
            _accounts("2023;4700;BufellesskapÃ¥sane;10100;254;5").encode(u),
            "dobbeltkoda",
        ),
        # broken files
        "duplicate-rows.csv": ("accounts", _accounts("2023;4600;Heimetenester;10100;254;1000").encode(u), "lik rad 2"),
        "binary-zero-bytes.csv": ("accounts", _accounts("2023;4700;x\x00y;10100;254;5").encode(u), "binære data"),
        "not-utf8-nor-windows-1252.csv": (
            "accounts",
            _accounts("2023;4700;x;10100;254;5").encode(u) + b"2023;4701;\x81\x8d;10100;254;5\n",
            "UTF-8 eller Windows-1252",
        ),
        "old-excel-format.xls": ("accounts", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "gamle Excel-formatet"),
        "zip-that-is-not-a-workbook.xlsx": ("accounts", b"PK\x03\x04" + bytes(200), "Excel"),
        "no-heading.csv": ("accounts", b"2023;4601;10100;254;5\n", "fann ingen overskriftsrad"),
        "heading-after-twenty-lines.csv": (
            "accounts",
            ("\n".join(f"tittel {i}" for i in range(25)) + "\n" + _accounts()).encode(u),
            "fann ingen overskriftsrad",
        ),
        "heading-only.csv": ("accounts", (ACCOUNTS + "\n").encode(u), "ingen datarader"),
        "empty-file.csv": ("accounts", b"", "fann ingen overskriftsrad"),
        "a-row-with-too-many-fields.csv": (
            "accounts",
            _accounts("2023;4700;Heime;tenester;10100;254;5").encode(u),
            "7 felt, overskrifta har 6",
        ),
        "a-required-column-missing.csv": (
            "accounts",
            "år;ansvar;art;beløp\n2023;4601;10100;5\n".encode(u),
            "kolonnen manglar",
        ),
        "utf16-with-a-bad-row.csv": (
            "accounts",
            _accounts("2023;4700;x;10100;254;mykje").replace("\n", "\r\n").encode("utf-16"),
            "kan ikkje lesast",
        ),
    }


def _xlsx_files() -> dict[str, tuple[str, str, str]]:
    """file name: (kind, worksheet XML, words the refusal must have)."""
    zero = _identity("010170")
    return {
        # Cells and rows with no position: the reader places them itself; a far row made it allocate 512 GB.
        "cells-without-position.xlsx": ("accounts", _sheet(ROWS, refs=False), "stored"),
        "columns-16384.xlsx": (
            "accounts",
            _sheet([HEADER + [f"k{j}" for j in range(len(HEADER) + 1, 16_385)], ROWS[1]], refs=False),
            "200 kolonnar",
        ),
        # A formula with no stored answer: Excel would compute it, a reader sees nothing (or 0).
        "formula-without-value.xlsx": (
            "accounts",
            _sheet(ROWS).replace('<c r="E2"><v>1000</v></c>', '<c r="E2"><f>SUM(A1:A2)</f></c>'),
            "formel utan utrekna verdi",
        ),
        "identity-as-an-excel-number.xlsx": (
            "accounts",
            _sheet([HEADER + ["ansvarsnamn"], [2023, 4601, 10100, 254, 5, int(zero)]]),
            "fødselsnummer",
        ),
        "identity-as-excel-text.xlsx": (
            "accounts",
            _sheet([HEADER + ["ansvarsnamn"], [2023, 4601, 10100, 254, 5, zero[1:]]]),
            "fødselsnummer",
        ),
        "excel-serial-60.xlsx": (
            "decisions",
            _sheet([DECISIONS.split(";"), ["Q", "Heimesjukepleie", 3, 5, 60, None, "80-84", "andre"]]).replace(
                '<c r="F2"><v>None</v></c>', ""
            ),
            "mellom 1901 og 2099",
        ),
        "far-cell-reference.xlsx": ("accounts", _sheet(ROWS, extra_cells=FAR_CELL), "XFD1048576"),
        "entity-expansion.xlsx": (
            "accounts",
            '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
            + _sheet(ROWS).split("?>", 1)[1].replace("<v>1000</v>", "<v>&lol2;</v>"),
            "DTD",
        ),
    }


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.iterdir():
        old.unlink()
    expected: dict[str, dict[str, str]] = {}
    for name, (kind, sheet, words) in _xlsx_files().items():
        _xlsx(OUT / name, sheet)
        expected[name] = {"kind": kind, "expect": words}
    # The worksheet part is not named .xml, so a guard that looks only at .xml parts never reads it.
    _xlsx(OUT / "sheet-not-named-xml.xlsx", _sheet(ROWS, extra_cells=FAR_CELL), sheet_part="worksheets/ark1.bin")
    expected["sheet-not-named-xml.xlsx"] = {"kind": "accounts", "expect": "XFD1048576"}
    # CSV: many columns in a small file, an unterminated quote early on.
    (OUT / "columns-20000.csv").write_text(";".join(HEADER + [f"k{j}" for j in range(20_000)]) + "\n", "utf-8")
    expected["columns-20000.csv"] = {"kind": "accounts", "expect": "20 005 felt"}
    lines = [";".join(HEADER)] + [f"2023;4601;10100;254;{i}" for i in range(3000)]
    lines[2] = '2023;"4601;10100;254;1'
    (OUT / "unterminated-quote.csv").write_text("\n".join(lines) + "\n", "utf-8")
    expected["unterminated-quote.csv"] = {"kind": "accounts", "expect": "rad 3 vert ikkje avslutta"}
    for name, (kind, data, words) in _text_files().items():
        (OUT / name).write_bytes(data)
        expected[name] = {"kind": kind, "expect": words}
    (OUT / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    print(f"skreiv {len(expected)} filer til {OUT}")


if __name__ == "__main__":
    main()
