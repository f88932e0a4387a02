from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import create_engine, make_url, text

from trappa.services import demo, users
from trappa.services.database import open_url
from trappa.services.users import ROLES
from trappa.settings import Settings
from trappa.store.tables import metadata

# No per-example deadline: a busy CI machine must not turn a slow example into a failure.
settings.register_profile("trappa", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("trappa")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
PASSWORD = "eit-langt-passord-1"

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TRAPPA_TEST_POSTGRES_URL") else [])


def web_settings(**values: object) -> Settings:
    """Settings for a test server: a fixed secret, no warm-up (each test has its own database)."""
    secret = "t3st-s3cret-0f-r3al-variety-ABCDEFGHJKLMNPQR"  # 32+ characters, varied enough for production
    # imports wait for their result, so a test sees it at once (a person sees progress after 3 s)
    return Settings(**{"secret_key": secret, "warm_cache": False, "import_wait_seconds": 120, **values})  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A database of this test worker's own on the PostgreSQL the test command started (workers run at once)."""
    server = make_url(os.environ["TRAPPA_TEST_POSTGRES_URL"])
    name = f"{server.database}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=BACKENDS)
def engine(request, tmp_path):
    """A migrated, empty database: SQLite in a temp file, and PostgreSQL when the test command started one."""
    if request.param == "sqlite":
        eng = open_url(f"sqlite:///{tmp_path / 'test.sqlite'}")
    else:
        url = request.getfixturevalue("postgres_url")
        eng = open_url(url)
        with eng.begin() as conn:
            metadata.drop_all(conn)
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        eng.dispose()
        eng = open_url(url)
    yield eng
    eng.dispose()


@pytest.fixture
def sqlite_engine(tmp_path):
    eng = open_url(f"sqlite:///{tmp_path / 'test.sqlite'}")
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """Demo kommune, built once per test session through the service, with a user of every role.

    Tests never touch this file: they get a copy (`demo_db`, `demo_home`), so they pass in any order.
    """
    folder = tmp_path_factory.mktemp("demo-template")
    path = folder / "trappa.sqlite"
    db = open_url(f"sqlite:///{path}")
    demo.build(db, "test", folder / "files")
    for role in ROLES:
        users.create(db, "test", role, PASSWORD, role)
    db.dispose()
    return path


def copy_database(template: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "trappa.sqlite"
    shutil.copyfile(template, target)
    return target


@pytest.fixture
def demo_db(demo_template, tmp_path):
    """A private copy of the demo database."""
    db = open_url(f"sqlite:///{copy_database(demo_template, tmp_path / 'demo-copy')}")
    yield db
    db.dispose()


@pytest.fixture
def demo_home(demo_template, tmp_path) -> Path:
    """A TRAPPA_HOME holding a private copy of the demo database, for the command line."""
    home = tmp_path / "home"
    copy_database(demo_template, home)
    return home


def write(path: Path, content: str | bytes, encoding: str = "utf-8") -> Path:
    if isinstance(content, str):
        content = content.encode(encoding)
    path.write_bytes(content)
    return path


@contextmanager
def statements_of(db) -> Iterator[list[str]]:
    """The SQL statements the database is sent while the block runs (through SQLAlchemy's engine or as
    plain questions to a SQLite file), each on one line."""
    from sqlalchemy import event

    sent: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        sent.append(" ".join(statement.split()))

    def plain(statement: str) -> None:
        sent.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", seen)
    db.observers.append(plain)
    try:
        yield sent
    finally:
        db.observers.remove(plain)
        event.remove(db.engine, "before_cursor_execute", seen)
