"""The layers hold: shells → services → model/store/report, arrows down only, and no import cycles.

Reads the real imports of every module (also those inside functions) with grimp, the engine of import-linter.
"""

from __future__ import annotations

from graphlib import CycleError, TopologicalSorter

import grimp
import pytest

GRAPH = grimp.build_graph("trappa", include_external_packages=True)
INTERNAL = {m for m in GRAPH.modules if m == "trappa" or m.startswith("trappa.")}
# Shared by every layer: the error type a person reads, and how the installation is configured.
EVERYWHERE = ("trappa.errors", "trappa.settings", "trappa.home", "trappa.lazy")


def _imports(module: str) -> set[str]:
    return GRAPH.find_modules_directly_imported_by(module)


def _modules(package: str) -> list[str]:
    return sorted(m for m in INTERNAL if m == package or m.startswith(package + "."))


def _inside(module: str, *packages: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


SHELL_RULES = {
    # The CLI starts the web (`trappa serve`); nothing else of the web is its business.
    "trappa.cli": ("trappa.cli", "trappa.services", "trappa.report", "trappa.web.app", *EVERYWHERE),
    "trappa.web": ("trappa.web", "trappa.services", "trappa.report", *EVERYWHERE),
}
FORBIDDEN_EXTERNAL = {"sqlalchemy", "alembic", "psycopg", "polars"}


@pytest.mark.parametrize("shell", sorted(SHELL_RULES))
def test_shells_import_only_services_report_and_their_own(shell):
    wrong = []
    for module in _modules(shell):
        for imported in _imports(module):
            if imported in INTERNAL and not _inside(imported, *SHELL_RULES[shell]):
                wrong.append(f"{module} → {imported}")
            elif imported.split(".")[0] in FORBIDDEN_EXTERNAL:
                wrong.append(f"{module} → {imported} (only services and the store talk to the database)")
    assert not wrong, "\n".join(sorted(wrong))


LAYER_RULES = {
    # layer: what it may never import
    "trappa.services": ("trappa.cli", "trappa.web"),
    "trappa.store": ("trappa.services", "trappa.cli", "trappa.web", "trappa.report"),
    "trappa.model": ("trappa.services", "trappa.store", "trappa.cli", "trappa.web", "trappa.report", "trappa.ingest"),
    "trappa.report": ("trappa.services", "trappa.store", "trappa.cli", "trappa.web"),
    "trappa.ingest": ("trappa.services", "trappa.store", "trappa.cli", "trappa.web", "trappa.model"),
}
NO_WEB_OR_DATABASE = {"fastapi", "starlette", "sqlalchemy", "typer"}


@pytest.mark.parametrize("layer", sorted(LAYER_RULES))
def test_arrows_point_down_only(layer):
    wrong = [
        f"{module} → {imported}"
        for module in _modules(layer)
        for imported in _imports(module)
        if _inside(imported, *LAYER_RULES[layer])
    ]
    assert not wrong, "\n".join(sorted(wrong))


def test_the_model_knows_no_web_and_no_database():
    wrong = [
        f"{module} → {imported}"
        for module in _modules("trappa.model")
        for imported in _imports(module)
        if imported.split(".")[0] in NO_WEB_OR_DATABASE
    ]
    assert not wrong, "\n".join(sorted(wrong))


def test_no_import_cycles():
    graph = {m: {i for i in _imports(m) if i in INTERNAL} for m in INTERNAL}
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as exc:
        pytest.fail("import cycle: " + " → ".join(exc.args[1]))


def test_the_checks_can_fail():
    """The rules see imports inside functions too (the kind that once hid two cycles)."""
    assert "trappa.web.app" in _imports("trappa.cli.site")  # imported inside `serve`
    assert _inside("trappa.store.repository", *LAYER_RULES["trappa.report"])


def test_the_light_list_of_kinds_is_the_contracts():
    """`trappa --help` lists the kinds from a module that loads nothing; it must name every contract."""
    from trappa.ingest.contracts import CONTRACTS
    from trappa.services.catalogue import KINDS

    assert tuple(CONTRACTS) == KINDS


def test_help_loads_no_data_library():
    """`trappa --help` answers without Polars, SQLAlchemy or pandera (they took seconds to load)."""
    import subprocess
    import sys

    code = (
        "import sys; from typer.testing import CliRunner; from trappa.cli import app; "
        "r = CliRunner().invoke(app, ['--help']); assert r.exit_code == 0, r.output; "
        "print(sorted(m for m in ('polars', 'sqlalchemy', 'pandera', 'pydantic', 'altair', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_typers_help_and_error_module_loads_only_to_draw_help_or_an_error():
    """`typer.rich_utils` brings Rich's Markdown, tracebacks and Pygments (0,15 s): Typer loads it only to
    draw help or an error, and the Nynorsk words go in when it does, not at every command's start."""
    import subprocess
    import sys

    code = (
        "import sys, importlib.util; from trappa.cli import app; "
        "m = sys.modules.get('typer.rich_utils'); print(m is None or type(m).__name__ == '_LazyModule'); "
        "from typer.testing import CliRunner; r = CliRunner().invoke(app, ['profile', '--yeer', '1']); "
        "print('Ukjend val' in r.output and 'Feil' in r.output)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "True"], out


def test_the_trappa_command_builds_only_the_command_it_runs():
    """Typer built all 60 commands before parsing (0,13 s of each run); `trappa` builds the one it runs,
    with the same names in the same order, and the same options as Typer's own build."""
    import typer.main

    from trappa.cli import app, on_demand

    group, full = on_demand.group(app), typer.main.get_command(app)
    assert list(group.commands) == list(full.commands) and len(full.commands) > 20
    ctx = group.make_context("trappa", ["--demo", "profile", "--year", "2023"])
    assert group.commands.built() == []
    command = group.get_command(ctx, "profile")
    assert group.commands.built() == ["profile"]
    assert [p.name for p in command.params] == [p.name for p in full.commands["profile"].params]
    assert [p.name for p in group.params] == [p.name for p in full.params]
    assert group.get_command(ctx, "scenario").list_commands(ctx) == full.commands["scenario"].list_commands(ctx)


def test_the_trappa_command_helps_as_typer_would():
    import os
    import subprocess
    import sys

    def help_from(entry: str) -> str:
        code = f"import sys; sys.argv = ['trappa', '--help']; from trappa.cli import {entry}; {entry}()"
        env = {**os.environ, "COLUMNS": "120", "TERM": "dumb"}
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout

    on_demand, typers = help_from("main"), help_from("app")
    assert on_demand == typers and "Kommandoar" in on_demand and "kostra" in on_demand
