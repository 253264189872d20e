"""Forecast from usage so far: depletion dates, month-end post-paid estimate,
next invoices and the "buy-by" day (seed 002: "you'll likely need to buy
additional pre-paid iCredits before the billing period ends").

>>> import billsim
>>> f = billsim.forecast(billsim.examples()["seed002_prepaid"], as_of="2026-03-16")
>>> t = f.tenant("coreseqinc.Illumina.com")
>>> t["daily_average"], t["buy_by"], t["sources"][0]["depleted_on"]
(Decimal('50'), datetime.date(2026, 3, 20), datetime.date(2026, 3, 20))
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime, timezone
from typing import Any

import pandas as pd

from billsim import _billsim, _wire
from billsim._wire import ScenarioLike, scenario_text
from billsim.errors import ValidationError


class Forecast:
    """The result of :func:`forecast`: per tenant a dict of figures, plus tables."""

    def __init__(self, canonical_json: str) -> None:
        self._json = canonical_json
        self.data: dict[str, Any] = _wire.convert_document(json.loads(canonical_json), "forecast")
        self.as_of: date = self.data["as_of"]
        self.horizon: date = self.data["horizon"]
        self.tenants: list[dict[str, Any]] = self.data["tenants"]

    def to_json(self) -> str:
        """Core's canonical forecast JSON."""
        return self._json

    def tenant(self, name: str) -> dict[str, Any]:
        """One tenant's forecast (``KeyError`` if there is none)."""
        for t in self.tenants:
            if t["tenant"] == name:
                return t
        raise KeyError(name)

    def _rows(self, key: str, def_name: str) -> pd.DataFrame:
        raw = json.loads(self._json)["tenants"]
        rows: list[Mapping[str, Any]] = [{"tenant": t["tenant"], **row} for t in raw for row in t[key]]
        return _wire.frame(rows, def_name, "forecast", first=("tenant",))

    @property
    def sources(self) -> pd.DataFrame:
        """Projected funding sources: outcome, depletion day, what is left at expiry."""
        return self._rows("sources", "SourceForecast")

    @property
    def invoices(self) -> pd.DataFrame:
        """Projected invoices from the open month on."""
        return self._rows("invoices", "ProjectedInvoice")

    def __repr__(self) -> str:
        return f"<billsim.Forecast as_of={self.as_of} horizon={self.horizon} tenants={len(self.tenants)}>"


def forecast(
    scenario: ScenarioLike, as_of: date | str, *, window_days: int = 30, horizon: date | str | None = None
) -> Forecast:
    """Runs ``scenario`` to midnight of ``as_of`` and projects the average daily
    usage of the last ``window_days`` to ``horizon`` (default: the scenario's end).

    An option of the wrong type or out of range raises :class:`billsim.ValidationError`
    (``invalid_value`` at ``/window_days`` or ``/horizon``, as in the npm package).
    """
    options: dict[str, Any] = {"window_days": window_days}
    if horizon is not None:
        options["horizon"] = _day_text(horizon)
    text = scenario_text(scenario)
    day, options_json = _wire.after_scenarios([text], lambda: (_day_arg(as_of), _wire.options_text(options)))
    return Forecast(_billsim.forecast_json(text, day, options_json))


def _day_text(day: date | str) -> str:
    """A day for core: a ``datetime`` (or ``pandas.Timestamp``) gives its UTC date."""
    if isinstance(day, datetime):
        day = (day.astimezone(timezone.utc) if day.tzinfo is not None else day).date()
    return _wire.time_text(day)


def _day_arg(day: object) -> str:
    """:func:`_day_text` of ``as_of``; anything but a date or text is
    ``invalid_value``, as in the npm package."""
    if not isinstance(day, (str, date)):
        raise ValidationError("invalid_value", "/as_of", _wire.DAY_TEXT)
    return _day_text(day)
