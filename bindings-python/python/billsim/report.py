"""The report of a run: canonical JSON, typed summary, pandas tables, charts.

>>> import billsim
>>> report = billsim.simulate(billsim.examples()["seed002_postpaid"])
>>> report.invoices[["tenant", "period", "total"]].to_dict("records")[0]
{'tenant': 'no-prefunding.Illumina.com', 'period': '2026-03', 'total': Decimal('1240')}
"""

from __future__ import annotations

import functools
import html
import json
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from billsim import _billsim, _wire
from billsim.summary import Summary

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


class Report:
    """What a run produced. Tables are pandas DataFrames whose money columns hold
    ``decimal.Decimal`` and whose instants are UTC timestamps; :func:`billsim.as_float`
    makes a float copy for plotting.

    ``to_json()`` returns the canonical report JSON, byte for byte what the Rust
    core and the npm package give for the same scenario. A report from a run
    keeps core's report and converts only the sections that are read: the
    summary and invoices of a year's run do not parse its ledger.
    """

    def __init__(self, report: str | _billsim.Report) -> None:
        """From canonical report JSON text, or from the extension's report of a run."""
        self._source = report
        self._sections: dict[str, Any] = {}

    def to_json(self, indent: int | None = None) -> str:
        """The canonical report JSON (``indent`` only for people: it changes the bytes)."""
        if indent is None:
            return self._json
        return json.dumps(self.data, indent=indent, ensure_ascii=False)

    @functools.cached_property
    def _json(self) -> str:
        return self._source if isinstance(self._source, str) else self._source.to_json()

    @functools.cached_property
    def data(self) -> dict[str, Any]:
        """The parsed canonical JSON: money and times still as strings."""
        parsed: dict[str, Any] = json.loads(self._json)
        return parsed

    def __reduce__(self) -> tuple[type[Report], tuple[str]]:
        """Pickles (and copies) as the canonical JSON, as a report read from text."""
        return (Report, (self.to_json(),))

    def section(self, key: str) -> Any:
        """One top-level key of the canonical JSON (``"invoices"``, ``"ledger"``, …),
        parsed: money and times still as strings. ``KeyError`` for any other key."""
        if isinstance(self._source, str):
            return self.data[key]
        if key not in self._sections:
            self._sections[key] = json.loads(self._source.section(key))
        return self._sections[key]

    @property
    def detail(self) -> str:
        """How much was built: ``summary``, ``monthly``, ``daily`` or ``full``."""
        return str(self.section("detail"))

    @functools.cached_property
    def summary(self) -> Summary:
        """Totals per tenant and funding source (typed)."""
        return Summary.from_wire(self.section("summary"))

    def _table(self, key: str, def_name: str) -> pd.DataFrame:
        return _wire.frame(self.section(key), def_name)

    @functools.cached_property
    def ledger(self) -> pd.DataFrame:
        """Every ledger row: charge, drawdown, postpaid, purchase, expiry, invoice, …"""
        return self._table("ledger", "LedgerRow")

    @functools.cached_property
    def daily(self) -> pd.DataFrame:
        """One row per tenant and day: storage, charged, pre-funded left, post-paid month to date."""
        return self._table("daily", "DailyPoint")

    @functools.cached_property
    def invoices(self) -> pd.DataFrame:
        """Monthly post-paid invoices: ``exact_total`` and ``total`` (rounded up)."""
        return self._table("invoices", "Invoice")

    @functools.cached_property
    def statements(self) -> pd.DataFrame:
        """Monthly statements: usage by type and project, drawdown per source, post-paid."""
        return self._table("statements", "Statement")

    @functools.cached_property
    def notifications(self) -> pd.DataFrame:
        """The outbox: budget, low balance, invoice, depletion, expiry, … notices."""
        return self._table("notifications", "Notification")

    @functools.cached_property
    def rejections(self) -> pd.DataFrame:
        """Domain rules the scenario broke (the run went on)."""
        return self._table("rejections", "Rejection")

    def invoice_total(self, tenant: str, period: str) -> Decimal | None:
        """The rounded-up total of one month's invoice, or ``None`` when there is none."""
        for inv in self.section("invoices"):
            if inv["tenant"] == tenant and inv["period"] == period:
                return Decimal(inv["total"])
        return None

    def plot(self) -> Figure:
        """Balances, daily charges and invoices in one figure."""
        from billsim import plot

        return plot.overview(self)

    def plot_balances(self, ax: Axes | None = None) -> Axes:
        """Pre-funded iCredits left and post-paid month to date, per tenant and day."""
        from billsim import plot

        return plot.balances(self, ax)

    def plot_invoices(self, ax: Axes | None = None) -> Axes:
        """Invoice totals per month and tenant."""
        from billsim import plot

        return plot.invoices(self, ax)

    def write(self, out_dir: str | Path) -> list[Path]:
        """Writes ``report.json``, ``ledger.csv`` and ``statements.csv`` into ``out_dir``."""
        from billsim import export

        return export.write_all(self, Path(out_dir))

    def __repr__(self) -> str:
        s = self.summary
        return (
            f"<billsim.Report {s.start}..{s.until} tenants={len(s.tenants)} "
            f"charged={s.icredits_charged} invoiced={s.invoiced} rejections={s.rejections}>"
        )

    def _repr_html_(self) -> str:
        s = self.summary
        rows = "".join(
            f"<tr><td>{html.escape(t.tenant)}</td><td>{t.icredits_charged}</td><td>{t.icredits_prefunded}</td>"
            f"<td>{t.icredits_postpaid}</td><td>{t.invoiced}</td>"
            f"<td>{t.postpaid_since.strftime('%Y-%m-%d %H:%M') if t.postpaid_since else '—'}</td></tr>"
            for t in s.tenants
        )
        titles = ("tenant", "charged", "pre-funded", "post-paid", "invoiced", "post-paid since")
        head = "".join(f"<th>{h}</th>" for h in titles)
        invoices = self.invoices[["tenant", "period", "exact_total", "total"]] if len(self.invoices) else None
        return (
            f"<div><b>billsim report</b> {s.start} to {s.until} · {s.rejections} rejection(s)"
            f"<table><tr>{head}</tr>{rows}</table>"
            + (invoices.to_html(index=False) if invoices is not None else "<p>No invoices.</p>")
            + "</div>"
        )


def as_float(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose ``Decimal`` columns are ``float64`` — for plotting only.

    >>> import pandas as pd
    >>> as_float(pd.DataFrame({"amount": [Decimal("1.5")], "tenant": ["lab"]})).dtypes["amount"]
    dtype('float64')
    """
    out = df.copy()
    for name in out.columns:
        values = out[name].dropna()
        if len(values) and all(isinstance(v, Decimal) for v in values):
            out[name] = pd.to_numeric(out[name].map(lambda v: None if v is None else float(v)))
    return out
