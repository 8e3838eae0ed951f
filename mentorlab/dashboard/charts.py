"""Geometry of the dashboard's charts, drawn as SVG by the server (no script, no CDN).
Every chart has its figures in a table beside it; the SVG is the picture, not the data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 640
LABEL_WIDTH = 250
BAR_AREA = 300
ROW_HEIGHT = 26


@dataclass
class HBar:
    label: str
    value: int | float
    text: str  # what is written beside the bar
    y: int
    text_y: int
    width: float
    value_x: float
    muted: bool = False


@dataclass
class HBarChart:
    bars: list[HBar]
    height: int


def hbars(
    rows: Sequence[tuple[str, float, str, bool]], *, scale_max: float | None = None
) -> HBarChart:
    """Horizontal bars from (label, value, text beside the bar, muted); bars are scaled to
    `scale_max` (the largest value when not given)."""
    top = scale_max if scale_max else max((v for _l, v, _t, _m in rows), default=0)
    top = top or 1
    bars = []
    for index, (label, value, text, muted) in enumerate(rows):
        y = index * ROW_HEIGHT
        width = round(BAR_AREA * max(value, 0) / top, 1)
        bars.append(
            HBar(
                label=label if len(label) <= 38 else label[:36] + "…",
                value=value,
                text=text,
                y=y + 4,
                text_y=y + 18,
                width=width,
                value_x=round(LABEL_WIDTH + width + 6, 1),
                muted=muted,
            )
        )
    return HBarChart(bars=bars, height=len(rows) * ROW_HEIGHT + 8)


@dataclass
class Column:
    label: str
    value: int
    x: float
    y: float
    height: float
    width: float
    label_x: float
    value_y: float


@dataclass
class ColumnChart:
    columns: list[Column]
    height: int
    base_y: int
    label_y: int


COLUMN_AREA_HEIGHT = 160


def columns(rows: Sequence[tuple[str, int]]) -> ColumnChart:
    """Vertical columns from (label, value), e.g. meetings per month."""
    count = max(len(rows), 1)
    slot = (WIDTH - 20) / count
    width = round(min(48.0, slot * 0.7), 1)
    top = max((v for _l, v in rows), default=0) or 1
    base_y = COLUMN_AREA_HEIGHT + 20
    result = []
    for index, (label, value) in enumerate(rows):
        height = round(COLUMN_AREA_HEIGHT * value / top, 1)
        x = round(10 + index * slot + (slot - width) / 2, 1)
        result.append(
            Column(
                label=label,
                value=value,
                x=x,
                y=round(base_y - height, 1),
                height=height,
                width=width,
                label_x=round(x + width / 2, 1),
                value_y=round(base_y - height - 4, 1),
            )
        )
    return ColumnChart(columns=result, height=base_y + 24, base_y=base_y, label_y=base_y + 16)
