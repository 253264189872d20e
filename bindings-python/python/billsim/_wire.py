"""Conversion between Python values and billsim's JSON text, and nothing else.

Inputs (scenarios, events, times) become JSON text for core; report JSON
becomes ``Decimal``, ``datetime`` (UTC) and ``date`` values. Which field is
money or time is read from core's report JSON Schema, so a field core adds
is converted without a change here.

>>> to_text({"amount": Decimal("12.50"), "at": datetime(2026, 3, 1, 9, 30, tzinfo=timezone.utc)})
'{"amount": "12.50", "at": "2026-03-01T09:30Z"}'
>>> parse_time("2026-03-20T12:00Z")
datetime.datetime(2026, 3, 20, 12, 0, tzinfo=datetime.timezone.utc)
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Mapping
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from billsim import _billsim

ScenarioLike = Mapping[str, Any] | str | os.PathLike[str]
"""A scenario: a dict, JSON text, or the path of a JSON file."""

TimeLike = datetime | date | str
"""An instant: ``datetime`` (naive means UTC), ``date`` (midnight UTC) or ISO-8601 text."""

_TIME_FORMAT = "%Y-%m-%dT%H:%MZ"


def time_text(t: TimeLike) -> str:
    """ISO-8601 UTC text for core's clock (minute resolution).

    >>> time_text(date(2026, 3, 1)), time_text(datetime(2026, 3, 1, 8, 5))
    ('2026-03-01', '2026-03-01T08:05Z')
    """
    if isinstance(t, datetime):
        if t.tzinfo is not None:
            t = t.astimezone(timezone.utc)
        return t.strftime(_TIME_FORMAT)
    if isinstance(t, date):
        return t.isoformat()
    return t


def to_time(t: TimeLike) -> datetime:
    """An instant read by core's own parser, as an aware UTC ``datetime``.

    >>> to_time("2026-03-20T12:00")
    datetime.datetime(2026, 3, 20, 12, 0, tzinfo=datetime.timezone.utc)
    """
    return parse_time(_billsim.canonical_time(time_text(t)))


def _encode(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime, date)):
        return time_text(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def to_text(value: Mapping[str, Any]) -> str:
    """JSON text of a dict; ``Decimal`` becomes a decimal string, dates ISO-8601.

    Floats stay JSON numbers, so core refuses fractional money (``float_money``).
    """
    return json.dumps(value, default=_encode)


def scenario_text(scenario: ScenarioLike) -> str:
    """The scenario's JSON text from a dict, JSON text or a file path."""
    if isinstance(scenario, Mapping):
        return to_text(scenario)
    if isinstance(scenario, str) and scenario.lstrip().startswith(("{", "[")):
        return scenario
    return Path(scenario).read_text(encoding="utf-8")


def parse_time(text: str) -> datetime:
    """A report instant (``YYYY-MM-DDTHH:MMZ``) as an aware UTC ``datetime``."""
    return datetime.strptime(text, _TIME_FORMAT).replace(tzinfo=timezone.utc)


def parse_day(text: str) -> date:
    """A report day (``YYYY-MM-DD``) as a ``date``."""
    return date.fromisoformat(text)


def decimal(text: str | int) -> Decimal:
    """A report amount (a decimal string) as a ``Decimal``."""
    return Decimal(text)


# --- report JSON -> Python values, driven by core's report schema -------------

Convert = Callable[[Any], Any]


@functools.cache
def _defs() -> dict[str, Any]:
    defs: dict[str, Any] = json.loads(_billsim.report_schema())["$defs"]
    return defs


def _kind(prop: Mapping[str, Any]) -> str:
    """``decimal``, ``time``, ``day``, ``map`` (of decimals), ``rows:<Def>`` or ``plain``."""
    ref = prop.get("$ref") or next((a["$ref"] for a in prop.get("anyOf", ()) if "$ref" in a), "")
    name = ref.rsplit("/", 1)[-1]
    if name in ("Decimal", "Amount"):
        return "decimal"
    if name == "DateTime":
        return "time"
    if name == "Date":
        return "day"
    extra = prop.get("additionalProperties")
    if isinstance(extra, Mapping) and _kind(extra) == "decimal":
        return "map"
    items = prop.get("items")
    if prop.get("type") == "array" and isinstance(items, Mapping) and "$ref" in items:
        item = items["$ref"].rsplit("/", 1)[-1]
        if "properties" in _defs().get(item, {}):
            return f"rows:{item}"
    return "plain"


def _decimal_map(value: Mapping[str, str]) -> dict[str, Decimal]:
    return {k: Decimal(v) for k, v in value.items()}


def _value_converter(kind: str) -> Convert:
    if kind == "decimal":
        return decimal
    if kind == "time":
        return parse_time
    if kind == "day":
        return parse_day
    if kind == "map":
        return _decimal_map
    if kind.startswith("rows:"):
        convert_row = row_converter(kind[5:])
        return lambda rows: [convert_row(r) for r in rows]
    return lambda v: v


@functools.cache
def _field_kinds(def_name: str) -> dict[str, str]:
    return {k: _kind(p) for k, p in _defs()[def_name]["properties"].items()}


@functools.cache
def row_converter(def_name: str) -> Callable[[Mapping[str, Any]], dict[str, Any]]:
    """Converts one object of the report schema's ``def_name`` (e.g. ``SourceSummary``)."""
    converters = {k: _value_converter(kind) for k, kind in _field_kinds(def_name).items()}

    def convert(row: Mapping[str, Any]) -> dict[str, Any]:
        return {k: v if v is None or k not in converters else converters[k](v) for k, v in row.items()}

    return convert


def columns(def_name: str) -> list[str]:
    """The fields of a report table's row type (the columns of an empty table)."""
    return list(_field_kinds(def_name))


def frame(rows: list[Mapping[str, Any]], def_name: str) -> pd.DataFrame:
    """A DataFrame of report rows: money as ``Decimal``, instants as UTC timestamps.

    Converts column by column (instants vectorised) so a 100,000-row ledger
    builds quickly. Missing values stay ``None`` in ``Decimal`` columns.
    """
    names = list(rows[0]) if rows else columns(def_name)
    kinds = _field_kinds(def_name)
    data: dict[str, Any] = {}
    for name in names:
        values = [row.get(name) for row in rows]
        kind = kinds.get(name, "plain")
        if kind == "time":
            data[name] = pd.to_datetime(pd.Series(values, dtype=object), format=_TIME_FORMAT, utc=True)
        elif kind == "plain":
            data[name] = values
        else:
            convert = _value_converter(kind)
            data[name] = pd.Series([None if v is None else convert(v) for v in values], dtype=object)
    return pd.DataFrame(data, columns=names)
