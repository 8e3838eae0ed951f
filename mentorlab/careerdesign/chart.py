"""Weekly trends of the Good Time Journal, and the geometry of the inline SVG chart that
shows them. Server-side, no JavaScript: the page stays readable with a screen reader
(the chart has a title, a description and a table of the same numbers)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .models import ENERGY_MIN, ENGAGEMENT_MAX, JournalEntry


@dataclass(frozen=True)
class WeekPoint:
    week: dt.date  # the Monday
    entries: int
    engagement: float  # average, rounded to 2 decimals
    energy: float
    flow: int  # entries in flow


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def weekly_averages(entries: Iterable[JournalEntry]) -> list[WeekPoint]:
    weeks: dict[dt.date, list[JournalEntry]] = {}
    for entry in entries:
        weeks.setdefault(week_start(entry.day), []).append(entry)
    points = []
    for monday in sorted(weeks):
        rows = weeks[monday]
        points.append(
            WeekPoint(
                week=monday,
                entries=len(rows),
                engagement=round(sum(e.engagement for e in rows) / len(rows), 2),
                energy=round(sum(e.energy for e in rows) / len(rows), 2),
                flow=sum(1 for e in rows if e.flow),
            )
        )
    return points


@dataclass(frozen=True)
class Bar:
    series: str  # "engagement" or "energy"
    value: float
    x: float
    y: float
    height: float


@dataclass(frozen=True)
class WeekColumn:
    point: WeekPoint
    label_x: float
    bars: tuple[Bar, Bar]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    zero_y: float
    top: float
    bottom: float
    left: float
    bar_width: float
    gridlines: list[tuple[int, float]]
    columns: list[WeekColumn]


def build_chart(points: list[WeekPoint], *, height: int = 240) -> Chart:
    """Grouped bars per week on one axis from −5 to 10: engagement (1–10) grows up from
    zero; energy (−5…+5) goes up or down from the same zero line."""
    top, bottom, left, right = 12.0, float(height - 28), 34.0, 12.0
    column = 90.0
    width = int(left + right + column * max(len(points), 1))
    span = ENGAGEMENT_MAX - ENERGY_MIN
    unit = (bottom - top) / span

    def y_of(value: float) -> float:
        return round(top + (ENGAGEMENT_MAX - value) * unit, 2)

    zero_y = y_of(0)
    bar_width = 26.0
    columns = []
    for i, point in enumerate(points):
        x0 = left + column * i + (column - 2 * bar_width - 6) / 2
        bars = []
        for j, (series, value) in enumerate(
            (("engagement", point.engagement), ("energy", point.energy))
        ):
            y = y_of(max(value, 0))
            bars.append(
                Bar(
                    series=series,
                    value=value,
                    x=round(x0 + j * (bar_width + 6), 2),
                    y=y,
                    height=round(abs(y_of(value) - zero_y), 2),
                )
            )
        columns.append(
            WeekColumn(
                point=point,
                label_x=round(left + column * i + column / 2, 2),
                bars=(bars[0], bars[1]),
            )
        )
    gridlines = [(v, y_of(v)) for v in (10, 5, 0, -5)]
    return Chart(
        width=width,
        height=height,
        zero_y=zero_y,
        top=top,
        bottom=bottom,
        left=left,
        bar_width=bar_width,
        gridlines=gridlines,
        columns=columns,
    )
