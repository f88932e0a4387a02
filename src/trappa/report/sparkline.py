"""A sparkline: a small SVG line of a series, drawn on the server so it shows without JavaScript."""

from __future__ import annotations

from html import escape


def sparkline(values: list[float], label: str, *, width: int = 160, height: int = 36, pad: int = 3) -> str:
    """An inline SVG with the series as a line, the last point marked, and ``label`` as its accessible name."""
    if not values:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    points = [(pad + i * step, height - pad - (v - low) / span * (height - 2 * pad)) for i, v in enumerate(values)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    last_x, last_y = points[-1]
    return (
        f'<svg class="sparkline" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}"><polyline fill="none" stroke="currentColor" stroke-width="1.5" '
        f'points="{path}"/><circle cx="{last_x:.1f}" cy="{last_y:.1f}" r="2.5" fill="currentColor"/></svg>'
    )
