"""Write the hostile and broken input files of tests/data/hostile/ (issue 15).

Each file is small and made by hand, part by part, so it is exactly as broken as a real attack
or a careless export: a test imports each and expects a clean refusal with nothing stored.
Run: python scripts/make_hostile.py (the files are committed; run again after changing this).
"""

from __future__ import annotations

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


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    # Cells and rows with no position: the reader places them itself; a far row made it allocate 512 GB.
    _xlsx(OUT / "cells-without-position.xlsx", _sheet(ROWS, refs=False))
    # The worksheet part is not named .xml, so a guard that looks only at .xml parts never reads it.
    _xlsx(OUT / "sheet-not-named-xml.xlsx", _sheet(ROWS, extra_cells=FAR_CELL), sheet_part="worksheets/ark1.bin")
    # 16 384 columns in a few kilobytes.
    wide = [HEADER + [f"k{j}" for j in range(len(HEADER) + 1, 16_385)], ROWS[1]]
    _xlsx(OUT / "columns-16384.xlsx", _sheet(wide, refs=False))
    # A formula with no stored answer: Excel would compute it, a reader sees nothing (or 0).
    formula = _sheet(ROWS).replace('<c r="E2"><v>1000</v></c>', '<c r="E2"><f>SUM(A1:A2)</f></c>')
    _xlsx(OUT / "formula-without-value.xlsx", formula)
    # CSV: many columns in a small file, an unterminated quote early on, hidden direction marks.
    (OUT / "columns-20000.csv").write_text(";".join(HEADER + [f"k{j}" for j in range(20_000)]) + "\n", "utf-8")
    lines = [";".join(HEADER)] + [f"2023;4601;10100;254;{i}" for i in range(3000)]
    lines[2] = '2023;"4601;10100;254;1'
    (OUT / "unterminated-quote.csv").write_text("\n".join(lines) + "\n", "utf-8")
    print(f"skreiv {len(list(OUT.iterdir()))} filer til {OUT}")


if __name__ == "__main__":
    main()
