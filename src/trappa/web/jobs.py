"""Reports and imports made in the background, so the page answers at once and shows how far the work has come.

Kept in the server's memory: a job is gone after a restart (the page says so, and the person makes the
report again); at most the last 20 jobs are kept.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

KEEP = 20


@dataclass
class Job:
    id: str
    owner: str
    total: int
    done: int = 0
    step: str = "Startar …"
    filename: str = ""
    result: Any = None  # the report's bytes, or what an import came to
    error: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    ended: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def finished(self) -> bool:
        return self.result is not None or self.error is not None


class Jobs:
    def __init__(self) -> None:
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()

    def start(self, owner: str, total: int, work: Callable[[Job], tuple[Any, str]], kind: str = "rapport") -> Job:
        """Run ``work`` in a thread; it advances ``job.done``/``job.step`` and returns (result, file name)."""
        job = Job(uuid.uuid4().hex, owner, total)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > KEEP:
                self._jobs.popitem(last=False)

        def run() -> None:
            try:
                data, name = work(job)
                with job.lock:
                    job.result, job.filename, job.done, job.step = data, name, job.total, "Ferdig"
            except Exception as exc:  # noqa: BLE001 - shown to the person, who can try again
                with job.lock:
                    job.error = str(exc) or type(exc).__name__
            finally:
                job.ended.set()

        threading.Thread(target=run, daemon=True, name=f"{kind}-{job.id[:8]}").start()
        return job

    def get(self, job_id: str, owner: str) -> Job | None:
        """The job, for the person who started it only."""
        job = self._jobs.get(job_id)
        return job if job is not None and job.owner == owner else None
