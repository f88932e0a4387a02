"""A polite client for Statistics Norway's PxWebApi v2, with a disk cache.

SSB allows 30 requests a minute and 800 000 cells a request from one user;
this client sends one request at a time, at least two seconds apart, and
splits larger selections. Every answer is kept on disk, so a second run needs
no network; with no network and nothing cached the error says what to do.

Built on httpx rather than pxwebpy: pxwebpy fetches in parallel threads and
caches only in memory, and we need a strict sequential pace and a disk cache.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import polars as pl

from trappa.errors import TrappaError
from trappa.ssb.jsonstat import MalformedResponse, categories, to_frame

BASE_URL = "https://data.ssb.no/api/pxwebapi/v2"
MAX_CELLS = 800_000
MIN_INTERVAL_SECONDS = 60 / 30


class SsbUnavailable(TrappaError):
    """No answer from SSB and no cached copy."""


class SsbTableGone(SsbUnavailable):
    """SSB answered 404: the table id is not (or no longer) there."""


class SsbClient:
    def __init__(
        self,
        cache_dir: Path,
        *,
        base_url: str | None = None,
        transport: httpx.BaseTransport | None = None,
        language: str = "no",
        min_interval: float = MIN_INTERVAL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        timeout: float = 30.0,
    ) -> None:
        self.cache_dir = cache_dir
        self.base_url = (base_url or BASE_URL).rstrip("/")
        self.language = language
        self.min_interval = min_interval
        self._clock, self._sleep = clock, sleep
        self._last_request: float | None = None
        self._http = httpx.Client(transport=transport, timeout=timeout, headers={"User-Agent": "trappa"})
        self.requests_sent = 0

    def close(self) -> None:
        self._http.close()

    # -- HTTP with cache and pace ---------------------------------------------------------------

    def _cache_path(self, url: str) -> Path:
        return self.cache_dir / (hashlib.sha256(url.encode()).hexdigest()[:32] + ".json")

    def get_json(self, path: str, params: dict[str, str], *, refresh: bool = False) -> Any:
        url = f"{self.base_url}/{path}?{urlencode(sorted(params.items()))}"
        cached = self._cache_path(url)
        if cached.exists() and not refresh:
            return json.loads(cached.read_text("utf-8"))["body"]
        body = self._fetch(url)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        tmp.write_text(json.dumps({"url": url, "fetched": time.time(), "body": body}), "utf-8")
        tmp.replace(cached)
        return body

    def _fetch(self, url: str) -> Any:
        if self._last_request is not None:
            wait = self.min_interval - (self._clock() - self._last_request)
            if wait > 0:
                self._sleep(wait)
        self._last_request = self._clock()
        self.requests_sent += 1
        try:
            response = self._http.get(url)
        except httpx.HTTPError as exc:
            raise SsbUnavailable(
                f"Får ikkje kontakt med Statistisk sentralbyrå ({type(exc).__name__}), og det finst ingen lagra kopi "
                f"av dette uttrekket. Prøv igjen når maskina er på nett, eller last ned tabellen som CSV frå "
                f"Statistikkbanken og importer han som befolkning."
            ) from None
        if response.status_code == 429:
            raise SsbUnavailable("SSB seier at det har kome for mange førespurnader. Vent eitt minutt og prøv igjen.")
        if response.status_code == 404:
            raise SsbTableGone(f"SSB har ikkje {url.split('?')[0].removeprefix(self.base_url + '/')} (svar 404).")
        if response.status_code >= 400:
            raise SsbUnavailable(f"SSB svarte med feil {response.status_code} på {url}. Sjekk tabellnummer og koder.")
        try:
            return response.json()
        except ValueError:
            raise MalformedResponse(f"Svaret frå SSB ({url}) er ikkje JSON.") from None

    # -- tables -----------------------------------------------------------------------------------

    def metadata(self, table: str) -> dict[str, Any]:
        meta = self.get_json(f"tables/{table}/metadata", {"lang": self.language, "outputFormat": "json-stat2"})
        if not isinstance(meta, dict) or "id" not in meta or "dimension" not in meta:
            raise MalformedResponse(f"Metadata for SSB-tabell {table} kan ikkje lesast.")
        return meta

    def data(self, table: str, selection: dict[str, list[str]], *, refresh: bool = False) -> pl.DataFrame:
        """All cells of ``selection`` (value codes per variable; ``*`` for all), split to respect the cell limit."""
        meta = self.metadata(table)
        unknown = [d for d in selection if d not in meta["id"]]
        if unknown:
            raise MalformedResponse(f"SSB-tabell {table} har ikkje variabelen {', '.join(unknown)}.")
        expanded = {
            d: ([c for c, _ in categories(meta, d)] if codes == ["*"] else codes) for d, codes in selection.items()
        }
        # Variables left out are eliminated by SSB (summed), so they add no cells.
        cells = math.prod(len(v) for v in expanded.values())
        chunks = [expanded]
        if cells > MAX_CELLS:
            split_dim = max(expanded, key=lambda d: len(expanded[d]))
            per = max(1, len(expanded[split_dim]) * MAX_CELLS // cells)
            values = expanded[split_dim]
            chunks = [{**expanded, split_dim: values[i : i + per]} for i in range(0, len(values), per)]
        frames = []
        for chunk in chunks:
            params = {"lang": self.language, "outputFormat": "json-stat2"}
            params.update({f"valueCodes[{d}]": ",".join(v) for d, v in chunk.items()})
            body = self.get_json(f"tables/{table}/data", params, refresh=refresh)
            frames.append(to_frame(body, f"tabell {table}"))
        return pl.concat(frames)
