"""SSB's classification database (KLASS): which KOSTRA group a municipality belongs to in a year.

The KOSTRA groups are classification 112; its correspondence with the municipalities (131) on a date
says which group each municipality is in: ``classifications/112/correspondsAt?targetClassificationId=131
&date=2024-01-01`` answers ``{"correspondenceItems": [{"sourceCode": "EKG12", "sourceName": …,
"targetCode": "4601", "targetName": "Bergen"}, …]}``. The same polite client (disk cache, pace) fetches it.
"""

from __future__ import annotations

import re
from datetime import date

from trappa.ssb.client import SsbClient
from trappa.ssb.jsonstat import MalformedResponse

KOSTRA_GROUPS = "112"
MUNICIPALITIES = "131"


def _group_code(code: str) -> str:
    """«EKG12» as KOSTRA's tables name it, also where the classification says «12» or «KG12»."""
    digits = re.search(r"(\d{1,2})$", code.strip())
    return f"EKG{int(digits.group(1)):02d}" if digits else code.strip()


def kostra_group(client: SsbClient, municipality: str, on: date) -> tuple[str, str] | None:
    """(group code, group name) of the municipality on the date, or None when the classification has it in none."""
    body = client.get_json(
        f"classifications/{KOSTRA_GROUPS}/correspondsAt",
        {"targetClassificationId": MUNICIPALITIES, "date": on.isoformat(), "language": "nn"},
    )
    items = body.get("correspondenceItems") if isinstance(body, dict) else None
    if not isinstance(items, list):
        raise MalformedResponse("Svaret frå SSB sin klassifikasjonsdatabase (KLASS) manglar «correspondenceItems».")
    for item in items:
        if str(item.get("targetCode", "")).strip() == municipality:
            return _group_code(str(item.get("sourceCode", ""))), str(item.get("sourceName", "")).strip()
    return None
