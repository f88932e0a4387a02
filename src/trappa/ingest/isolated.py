"""Read a file in a process of its own, with a memory ceiling, so a hostile file cannot take trappa down.

The Rust readers (fastexcel/calamine) abort the whole process when an allocation fails; a guard can
only check what it foresees. Here the reading runs in a child process: if the child aborts, runs out
of its memory ceiling or takes too long, the person gets a clear refusal and the web server (or the
command) goes on. Reading in another process also keeps the web server's event loop and its Python
free while a large file is parsed.

Children are forked from a small server process that has already imported Polars and the readers
(``forkserver`` with preloading), so each read costs a fork, not a new interpreter.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import resource
from collections.abc import Callable
from multiprocessing.context import ForkServerContext
from typing import Any, TypeVar

from trappa.errors import InputFileError, Problem, TrappaError
from trappa.ingest.limits import DEFAULT_LIMITS, FileLimits

T = TypeVar("T")
_PRELOAD = ["trappa.ingest.contracts", "trappa.ingest.population", "fastexcel"]
_context: ForkServerContext | None = None


def _ctx() -> ForkServerContext:
    global _context
    if _context is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        _context = context
    return _context


def warm() -> None:
    """Start the server process that reading processes are forked from, so the first upload does not
    wait for it (it imports Polars and the readers once, about a second)."""
    from multiprocessing import forkserver

    _ctx()
    forkserver.ensure_running()


def _child(
    conn: multiprocessing.connection.Connection, memory_bytes: int, func: Callable[..., Any], args: tuple
) -> None:  # type: ignore[type-arg]
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    try:
        answer: tuple[str, Any] = ("ok", func(*args))
    except MemoryError:
        answer = ("memory", None)
    except TrappaError as exc:
        answer = ("error", exc)
    except Exception as exc:  # noqa: BLE001 - anything else is a file the reader could not make sense of
        answer = ("failed", f"{type(exc).__name__}: {exc}"[:300])
    try:
        conn.send(answer)
    except MemoryError:
        conn.send(("memory", None))
    conn.close()


def _refuse(name: str, message: str, fix: str) -> InputFileError:
    return InputFileError(
        name,
        [Problem(name, None, None, message, fix)],
        headline=f"{name}: fila kan ikkje lesast. Ingenting frå fila er lagra.",
    )


def read_apart(func: Callable[..., T], *args: Any, name: str, limits: FileLimits = DEFAULT_LIMITS) -> T:
    """``func(*args)`` in a child process under the limits' memory ceiling and time; its errors raised here."""
    context = _ctx()
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sending, limits.max_memory_bytes, func, args), daemon=True)
    child.start()
    sending.close()
    try:
        if not receiving.poll(limits.max_read_seconds):
            raise _refuse(
                name,
                f"lesinga tok meir enn {limits.max_read_seconds // 60} minutt",
                "del fila opp, eller lagre ho som CSV med berre kolonnane i filavtalen",
            )
        try:
            status, payload = receiving.recv()
        except (EOFError, OSError):
            child.join(5)
            raise _refuse(
                name,
                f"lesaren stoppa på denne fila (kode {child.exitcode}); fila er truleg skadd eller laga for å lure lesaren",
                "opne fila i Excel og lagre ho på nytt som .xlsx, eller lagre ho som CSV",
            ) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiving.close()
    if status == "ok":
        return payload  # type: ignore[no-any-return]
    if status == "memory":
        raise _refuse(
            name,
            f"fila treng meir enn {limits.max_memory_bytes / 1e9:.0f} GB minne for å lesast",
            "del fila opp, eller ta bort kolonnar som ikkje er i filavtalen",
        )
    if status == "error":
        raise payload
    raise _refuse(
        name,
        f"fila kunne ikkje lesast ({payload})",
        "opne fila i Excel og lagre ho på nytt, eller lagre ho som CSV",
    )
