"""Conversion between Python values and billsim's JSON text, and nothing else.

Inputs (scenarios, events, times) become JSON text for core; result JSON
(report, Monte Carlo distribution, forecast) becomes ``Decimal``, ``datetime``
(UTC) and ``date`` values. Which field is money or time is read from core's
JSON Schemas, so a field core adds is converted without a change here.

>>> to_text({"amount": Decimal("12.50"), "at": datetime(2026, 3, 1, 9, 30, tzinfo=timezone.utc)})
'{"amount": "12.50", "at": "2026-03-01T09:30Z"}'
>>> parse_time("2026-03-20T12:00Z")
datetime.datetime(2026, 3, 20, 12, 0, tzinfo=datetime.timezone.utc)
"""

from __future__ import annotations

import functools
import json
import numbers
import os
from collections.abc import Callable, Mapping
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from billsim import _billsim
from billsim.errors import ValidationError

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
    if isinstance(value, numbers.Integral):  # numpy and pandas integers
        return int(value)
    if type(value).__name__ == "datetime64":  # numpy, UTC: a day (or coarser) as a date, else to the minute
        if str(value.dtype) in ("datetime64[Y]", "datetime64[M]", "datetime64[W]", "datetime64[D]"):
            return str(value.astype("datetime64[D]"))
        return str(value.astype("datetime64[m]")) + "Z"
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def to_text(value: Mapping[str, Any]) -> str:
    """JSON text of a dict; ``Decimal`` becomes a decimal string, dates ISO-8601,
    numpy and pandas integers and datetimes their plain forms. Anything else
    JSON cannot hold is an ``invalid_json`` :class:`ValidationError`.

    Floats stay JSON numbers, so core refuses fractional money (``float_money``).
    """
    try:
        return json.dumps(value, default=_encode)
    except (TypeError, ValueError) as e:
        raise ValidationError("invalid_json", "", f"the input cannot be written as JSON: {e}") from e


def scenario_text(scenario: ScenarioLike) -> str:
    """The scenario's JSON text from a dict, JSON text or a file path."""
    if isinstance(scenario, Mapping):
        return to_text(scenario)
    if isinstance(scenario, str) and scenario.lstrip().startswith(("{", "[")):
        return scenario
    try:
        return Path(scenario).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, TypeError) as e:
        raise ValidationError("invalid_json", "", f"not a scenario (a dict, JSON text or a readable UTF-8 file): {e}") from e


def parse_time(text: str) -> datetime:
    """A report instant (``YYYY-MM-DDTHH:MMZ``) as an aware UTC ``datetime``."""
    return datetime.strptime(text, _TIME_FORMAT).replace(tzinfo=timezone.utc)


def parse_day(text: str) -> date:
    """A report day (``YYYY-MM-DD``) as a ``date``."""
    return date.fromisoformat(text)


def decimal(text: str | int) -> Decimal:
    """A report amount (a decimal string) as a ``Decimal``."""
    return Decimal(text)


# --- result JSON -> Python values, driven by core's JSON Schemas --------------

Convert = Callable[[Any], Any]
Schema = str
"""Which of core's result schemas: ``report``, ``distribution``, ``forecast`` or ``comparison``."""

_SCHEMAS: dict[str, Callable[[], str]] = {
    "report": _billsim.report_schema,
    "distribution": _billsim.distribution_schema,
    "forecast": _billsim.forecast_schema,
    "comparison": _billsim.comparison_schema,
}


@functools.cache
def _defs(schema: Schema) -> dict[str, Any]:
    defs: dict[str, Any] = json.loads(_SCHEMAS[schema]())["$defs"]
    return defs


def _spec(prop: Mapping[str, Any], schema: Schema) -> str:
    """How to convert a value: ``decimal``, ``time``, ``day``, ``obj:<Def>``,
    ``map:<spec>``, ``list:<spec>`` or ``plain``."""
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        if name in ("Decimal", "Amount"):
            return "decimal"
        if name == "DateTime":
            return "time"
        if name == "Date":
            return "day"
        target = _defs(schema).get(name, {})
        return f"obj:{name}" if "properties" in target else _spec(target, schema)
    for alternative in prop.get("anyOf", ()):
        if alternative.get("type") != "null":
            return _spec(alternative, schema)
    extra = prop.get("additionalProperties")
    if isinstance(extra, Mapping) and (inner := _spec(extra, schema)) != "plain":
        return f"map:{inner}"
    items = prop.get("items")
    if isinstance(items, Mapping) and (inner := _spec(items, schema)) != "plain":
        return f"list:{inner}"
    return "plain"


def _identity(value: Any) -> Any:
    return value


def _converter(spec: str, schema: Schema) -> Convert:
    if spec == "decimal":
        return decimal
    if spec == "time":
        return parse_time
    if spec == "day":
        return parse_day
    kind, _, inner = spec.partition(":")
    if kind == "obj":
        return row_converter(inner, schema)
    if kind in ("map", "list"):
        item = _converter(inner, schema)

        def each(v: Any) -> Any:
            return None if v is None else item(v)

        if kind == "map":
            return lambda value: {k: each(v) for k, v in value.items()}
        return lambda value: [each(v) for v in value]
    return _identity


@functools.cache
def _field_specs(def_name: str, schema: Schema) -> dict[str, str]:
    return {k: _spec(p, schema) for k, p in _defs(schema)[def_name]["properties"].items()}


@functools.cache
def row_converter(def_name: str, schema: Schema = "report") -> Callable[[Mapping[str, Any]], dict[str, Any]]:
    """Converts one object of a core schema's ``def_name`` (e.g. ``SourceSummary``)."""
    converters = {k: _converter(spec, schema) for k, spec in _field_specs(def_name, schema).items()}

    def convert(row: Mapping[str, Any]) -> dict[str, Any]:
        return {k: v if v is None or k not in converters else converters[k](v) for k, v in row.items()}

    return convert


def convert_document(data: Mapping[str, Any], schema: Schema) -> dict[str, Any]:
    """Converts a whole result (the schema's root object)."""
    root = json.loads(_SCHEMAS[schema]())
    converters = {k: _converter(_spec(p, schema), schema) for k, p in root["properties"].items()}
    return {k: v if v is None or k not in converters else converters[k](v) for k, v in data.items()}


def frame(rows: list[Mapping[str, Any]], def_name: str, schema: Schema = "report") -> pd.DataFrame:
    """A DataFrame of result rows: money as ``Decimal``, instants as UTC timestamps.

    Converts column by column (instants vectorised) so a 100,000-row ledger
    builds quickly. Missing values stay ``None`` in ``Decimal`` columns. An
    empty table still has the row type's columns.
    """
    specs = _field_specs(def_name, schema)
    names = list(rows[0]) if rows else list(specs)
    data: dict[str, Any] = {}
    for name in names:
        values = [row.get(name) for row in rows]
        spec = specs.get(name, "plain")
        if spec == "time":
            data[name] = pd.to_datetime(pd.Series(values, dtype=object), format=_TIME_FORMAT, utc=True)
        elif spec == "plain":
            data[name] = values
        else:
            convert = _converter(spec, schema)
            data[name] = pd.Series([None if v is None else convert(v) for v in values], dtype=object)
    return pd.DataFrame(data, columns=names)
