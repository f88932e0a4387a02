"""The profile as a table in the terminal (rich)."""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from trappa.model.profile import Profile
from trappa.report.formatting import format_kroner, format_number, format_percent
from trappa.report.labels import label, text, user_group_name


def _money(value: float | None, language: str) -> Text:
    if value is None:
        return Text("")
    shown = format_number(value / 1000, 0, language)
    return Text(shown, style="bold red" if value < 0 else "")


WIDE = [
    "gross_cost",
    "income",
    "net_cost",
    "share_of_net_percent",
    "ftes",
    "persons",
    "decisions",
    "decided_hours_per_week",
    "cost_per_person",
    "cost_per_decided_hour",
    "places",
    "cost_per_place",
]
THOUSANDS = {"gross_cost", "income", "net_cost"}
KRONER = {"cost_per_person", "cost_per_decided_hour", "cost_per_place"}
COMPACT = ["net_cost", "share_of_net_percent", "persons", "cost_per_person"]


def shows_all_columns(width: int, columns: str = "auto") -> bool:
    """Every column («all»), the essential ones («compact»), or as the terminal's width allows («auto»)."""
    return columns == "all" or (columns == "auto" and width >= 205)


def hidden_columns(width: int, columns: str = "auto", language: str = "nn") -> list[str]:
    """The headings a narrow table leaves out, so the shell can say so instead of dropping them silently."""
    if shows_all_columns(width, columns):
        return []
    return [label(c, language) for c in WIDE if c not in COMPACT]


def profile_table(
    p: Profile, *, municipality: str, synthetic: bool, language: str = "nn", width: int = 200, columns: str = "auto"
) -> Group:
    """All columns on a wide terminal; the essential ones on a narrow one (CSV/xlsx have everything)."""
    title = f"{municipality} – {text('profile_title', language)} {p.year}"
    wide = shows_all_columns(width, columns)
    table = Table(
        title=title,
        caption=text("synthetic", language) if synthetic else None,
        header_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    cols = [("step_code", "right"), ("step_name", "left")]
    if p.by_user_group:
        cols.append(("user_group", "left"))
    cols += [(c, "right") for c in (WIDE if wide else COMPACT)]
    for name, justify in cols:
        texty = name in ("step_name", "user_group")
        unit = " (1000 kr)" if name in THOUSANDS else " (kr)" if name in KRONER else ""
        heading = label(name, language) + unit
        # Headings break between words, never inside one.
        longest_word = max(len(word) for word in heading.split())
        table.add_column(
            heading,
            justify=justify,  # type: ignore[arg-type]
            overflow="fold",
            min_width=(20 if texty else max(7, longest_word)),
            max_width=(40 if wide else 26) if texty else max(15 if wide else 11, longest_word),
        )
    for r in p.table.to_dicts():
        cells: list[Text | str] = []
        for name, _j in cols:
            v = r.get(name)
            if name in ("gross_cost", "income", "net_cost"):
                cells.append(_money(v, language))
            elif name in ("cost_per_person", "cost_per_decided_hour", "cost_per_place"):
                cells.append(Text(format_number(v, 0, language), style="red" if v is not None and v < 0 else ""))
            elif name == "share_of_net_percent":
                cells.append(format_percent(v, 1, language))
            elif name in ("ftes", "decided_hours_per_week"):
                cells.append(format_number(v, 1, language))
            elif name == "places":
                cells.append(format_number(v, 0, language))
            elif name == "user_group":
                cells.append(user_group_name(str(v), language))
            elif isinstance(v, (int, float)):
                cells.append(format_number(v, 0, language))
            else:
                cells.append(str(v) if v is not None else "")
        table.add_row(*cells)
    t = p.table
    sums: dict[str, Text] = {
        "gross_cost": _money(float(t["gross_cost"].sum()), language),
        "income": _money(float(t["income"].sum()), language),
        "net_cost": _money(float(t["net_cost"].sum()), language),
        "share_of_net_percent": Text(format_percent(100.0, 1, language)),
        "ftes": Text(format_number(float(t["ftes"].sum()), 1, language)),
        "decisions": Text(format_number(int(t["decisions"].sum()), 0, language)),
        "decided_hours_per_week": Text(format_number(float(t["decided_hours_per_week"].sum()), 1, language)),
        "places": Text(format_number(float(t["places"].fill_null(0).sum()), 0, language)),
    }
    total = [Text(""), Text(text("total", language), style="bold")]
    total += [sums.get(name, Text("")) for name, _j in cols[2:]]
    table.add_section()
    table.add_row(*total, style="bold")
    return Group(table, controls_panel(p, language))


def controls_panel(p: Profile, language: str = "nn") -> Panel:
    c = p.controls
    ok = c.balanced
    lines = Text()
    rows = [
        (text("accounts_total", language), c.accounts_total_ore),
        (text("in_steps", language), c.in_steps_ore),
        (text("outside", language), c.outside_staircase_ore),
        (text("unmapped", language), c.unmapped_ore),
    ]
    for name, ore in rows:
        lines.append(
            f"{name:<22}{format_kroner(ore, 'kr', language):>20} kr\n",
            style="yellow" if name == text("unmapped", language) and ore else "",
        )
    lines.append(
        f"{text('balanced', language):<22}{text('yes' if ok else 'no', language):>20}\n",
        style="bold green" if ok else "bold red",
    )
    lines.append(
        f"{label('ftes', language):<22}{format_number(c.ftes_total, 1, language):>20}"
        f"  ({text('in_steps', language).lower()} {format_number(c.ftes_in_steps, 1, language)}, "
        f"{text('outside', language).lower()} {format_number(c.ftes_outside, 1, language)}, "
        f"{text('unmapped', language).lower()} {format_number(c.ftes_unmapped, 1, language)})\n"
    )
    lines.append(
        f"{label('decisions', language):<22}{format_number(c.decisions_active, 0, language):>20}"
        f"  ({text('unmapped', language).lower()}: {format_number(c.decisions_without_step, 0, language)})"
    )
    for w in p.warnings:
        lines.append("\n⚠ " + w, style="yellow")
    return Panel(
        lines, title=f"{text('controls', language)} {p.year}", border_style="green" if ok else "red", expand=False
    )
