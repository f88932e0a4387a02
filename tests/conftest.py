from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import text

from trappa.store.db import make_engine, migrate
from trappa.store.tables import metadata

# No per-example deadline: a busy CI machine must not turn a slow example into a failure.
settings.register_profile("trappa", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("trappa")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TRAPPA_TEST_POSTGRES_URL") else [])


@pytest.fixture(params=BACKENDS)
def engine(request, tmp_path):
    """A migrated, empty database: SQLite in a temp file, and PostgreSQL when the test command started one."""
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path / 'test.sqlite'}")
    else:
        eng = make_engine(os.environ["TRAPPA_TEST_POSTGRES_URL"])
        with eng.begin() as conn:
            metadata.drop_all(conn)
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    migrate(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def sqlite_engine(tmp_path):
    eng = make_engine(f"sqlite:///{tmp_path / 'test.sqlite'}")
    migrate(eng)
    yield eng
    eng.dispose()


def write(path: Path, content: str | bytes, encoding: str = "utf-8") -> Path:
    if isinstance(content, str):
        content = content.encode(encoding)
    path.write_bytes(content)
    return path
