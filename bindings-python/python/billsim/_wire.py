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
import math
import numbers
import os
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from billsim import _billsim
from billsim.errors import ValidationError

ScenarioLike = Mapping[str, Any] | str | os.PathLike[str]
"""A scenario: a dict, JSON text, or the path of a JSON file (a ``str`` naming
an existing file is that file; any other ``str`` is JSON text)."""

TimeLike = datetime | date | str
"""An instant: ``datetime`` (naive means UTC), ``date`` (midnight UTC) or ISO-8601 text."""

_TIME_FORMAT = "%Y-%m-%dT%H:%MZ"
T = TypeVar("T")


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
    return parse_time(_billsim.canonical_time(time_arg(t, "")))


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


# A float as json.dumps writes it: digits then "." or "e", after "[", ", " or ": ".
_FLOAT = re.compile(r"(?:^|[\[,:] ?)-?\d+[.eE]")


def to_text(value: object, base: str = "") -> str:
    """JSON text of a dict (or any value); ``Decimal`` becomes a decimal string,
    dates ISO-8601, numpy and pandas integers and datetimes their plain forms.
    Anything else JSON cannot hold is an ``invalid_json`` :class:`ValidationError`.

    A float is written as JavaScript's ``JSON.stringify`` writes it, so both
    packages send core the same text: ``5.0`` as ``5`` (accepted as money), a
    fractional float as a JSON number (core refuses it: ``float_money``), NaN
    and infinities refused here, ``invalid_value`` at their path under ``base``.

    >>> to_text({"budget": 5.0, "nodes": [2.0, 0.5]})
    '{"budget": 5, "nodes": [2, 0.5]}'
    """
    try:
        text = json.dumps(value, default=_encode, allow_nan=False)
    except (TypeError, ValueError, RecursionError) as e:
        # RecursionError: nesting deeper than Python's stack, which core would refuse as invalid_json too.
        if isinstance(e, ValueError) and (bad := _first(value, base, _non_finite, set())):
            raise ValidationError("invalid_value", *bad) from None
        raise ValidationError("invalid_json", "", f"the input cannot be written as JSON: {e}") from e
    # Only a document with a float in it is walked.
    return json.dumps(_whole(value), default=_encode) if _FLOAT.search(text) else text


def _whole(value: Any) -> Any:
    """``value`` with each integral float below 10^21 as an int (``JSON.stringify`` writes 5.0 as 5)."""
    if isinstance(value, dict):
        return {k: _whole(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_whole(v) for v in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return int(value)
    return value


def _non_finite(value: Any) -> str | None:
    """What is wrong with a NaN or an infinity (its JSON text is ``NaN``, ``Infinity``)."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"{json.dumps(value)} is not a JSON number"
    return None


def _unwritable(value: Any) -> str | None:
    """What is wrong with a value json.dumps cannot write, even with :func:`_encode`."""
    if value is None or isinstance(value, (str, int, float, dict, list, tuple)):
        return None
    try:
        _encode(value)
    except TypeError:
        return f"a value of type {type(value).__name__} cannot be written as JSON"
    return None


def _first(
    value: Any, path: str, bad: Callable[[Any], str | None], walking: set[int]
) -> tuple[str, str] | None:
    """The JSON pointer of the first value in ``value`` that ``bad`` finds wrong,
    in the order json.dumps writes it, and what ``bad`` says of it. ``walking``
    holds the containers being walked: a circular one (json.dumps refused it
    too) ends the walk."""
    if (message := bad(value)) is not None:
        return path, message
    if isinstance(value, dict):
        items: Any = ((k if isinstance(k, str) else json.dumps(k), v) for k, v in value.items())
    elif isinstance(value, (list, tuple)):
        items = enumerate(value)
    else:
        return None
    if id(value) in walking:
        return None
    walking.add(id(value))
    for key, item in items:
        if found := _first(item, f"{path}/{str(key).replace('~', '~0').replace('/', '~1')}", bad, walking):
            return found
    walking.discard(id(value))
    return None


def options_text(options: Mapping[str, object]) -> str:
    """Options JSON for core, as the npm package writes its options object:
    each value as given, for core to read and refuse (``invalid_value`` at
    ``/runs``, ``/detail``, …), so a wrong type or an out-of-range value is
    reported as in JS. A value JSON cannot hold (NaN, an infinity, an object
    json.dumps cannot write) is ``invalid_value`` at its path here.

    >>> options_text({"runs": 100, "detail": "monthly"})
    '{"runs": 100, "detail": "monthly"}'
    """
    try:
        return to_text(options)
    except ValidationError as e:
        if e.code != "invalid_json" or not (bad := _first(options, "", _unwritable, set())):
            raise
        raise ValidationError("invalid_value", *bad) from None


def scenario_text(scenario: object) -> str:
    """The scenario's JSON text. A ``str`` naming an existing file, or a path,
    is read as that file; any other ``str`` is JSON text; anything else (a dict)
    is written as JSON, as the npm package writes any value it is given."""
    if isinstance(scenario, str) and not os.path.exists(scenario):
        if not scenario.lstrip().startswith(("{", "[")):
            # Never a scenario: say what core finds, and that it names no file.
            try:
                _billsim.parse_scenario(scenario)
            except ValidationError as e:
                if e.code != "invalid_json":
                    raise
                raise ValidationError(
                    e.code, e.path, f"{e.message}; and no file named {scenario!r} exists"
                ) from None
        return scenario
    if isinstance(scenario, (str, os.PathLike)):
        try:
            return Path(scenario).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise ValidationError("invalid_json", "", f"the scenario file cannot be read: {e}") from e
    return to_text(scenario)


def after_scenarios(texts: Sequence[str], make: Callable[[], T]) -> T:
    """``make()``, which checks the arguments core reads after the scenarios.
    When one is bad, core reads the scenarios first, so that a bad scenario is
    still the error reported (core's order: scenarios, then the rest)."""
    try:
        return make()
    except ValidationError:
        for text in texts:
            _billsim.parse_scenario(text)
        raise


TIME_TEXT = "a time is ISO-8601 text: YYYY-MM-DD or YYYY-MM-DDTHH:MM[Z]"
DAY_TEXT = "a day is ISO-8601 text: YYYY-MM-DD"


def time_arg(t: object, path: str) -> str:
    """:func:`time_text` of a time argument; anything but a ``datetime``, ``date``
    or ``str`` is ``invalid_value`` at ``path``, with the npm package's message."""
    if not isinstance(t, (str, date)):
        raise ValidationError("invalid_value", path, TIME_TEXT)
    return time_text(t)


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
def _columns(schema: Schema) -> dict[str, list[str]]:
    order: dict[str, list[str]] = json.loads(_billsim.field_order(schema))
    return order


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


def frame(
    rows: list[Mapping[str, Any]], def_name: str, schema: Schema = "report", first: Sequence[str] = ()
) -> pd.DataFrame:
    """A DataFrame of result rows: money as ``Decimal``, instants as UTC timestamps.

    Converts column by column (instants vectorised) so a 100,000-row ledger
    builds quickly. Missing values stay ``None`` in ``Decimal`` columns. The
    columns are ``first`` (keys the caller added to each row), then the row
    type's fields in the order core writes them, whether the table is empty or not.
    """
    specs = _field_specs(def_name, schema)
    names = [*first, *_columns(schema)[def_name]]
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
