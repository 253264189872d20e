"""Charts of a report (matplotlib). Builds ``Figure`` objects directly, never
through pyplot, so it works under any backend (Agg included) and leaks no
global figures. Money becomes float here, for drawing only.

>>> import billsim
>>> fig = billsim.simulate(billsim.examples()["seed002_prepaid"]).plot()
>>> [ax.get_title() for ax in fig.axes]
['Balances', 'iCredits charged per day', 'Invoices']
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from billsim.report import as_float

if TYPE_CHECKING:
    from billsim.report import Report


def _axes(ax: Axes | None) -> Axes:
    return ax if ax is not None else Figure(figsize=(9, 4), layout="constrained").add_subplot()


def balances(report: Report, ax: Axes | None = None) -> Axes:
    """Pre-funded iCredits left and post-paid month to date, per tenant and day."""
    ax = _axes(ax)
    daily = as_float(report.daily)
    for tenant, rows in daily.groupby("tenant", sort=False):
        ax.plot(rows["date"], rows["prefunded"], label=f"{tenant} pre-funded")
        ax.plot(rows["date"], rows["postpaid_mtd"], linestyle="--", label=f"{tenant} post-paid MTD")
    ax.set_title("Balances")
    ax.set_ylabel("iCredits")
    if len(daily):
        ax.legend(fontsize="small")
    return ax


def charges(report: Report, ax: Axes | None = None) -> Axes:
    """iCredits charged per day, per tenant."""
    ax = _axes(ax)
    daily = as_float(report.daily)
    for tenant, rows in daily.groupby("tenant", sort=False):
        ax.plot(rows["date"], rows["charged"], label=str(tenant))
    ax.set_title("iCredits charged per day")
    ax.set_ylabel("iCredits")
    return ax


def invoices(report: Report, ax: Axes | None = None) -> Axes:
    """Invoice totals (rounded up) per month, one bar group per tenant."""
    ax = _axes(ax)
    table = as_float(report.invoices)
    if len(table):
        wide = table.pivot(index="period", columns="tenant", values="total").fillna(0)
        width = 0.8 / len(wide.columns)
        for i, tenant in enumerate(wide.columns):
            xs = [x + i * width for x in range(len(wide.index))]
            ax.bar(xs, wide[tenant], width=width, label=str(tenant))
        ax.set_xticks([x + 0.4 - width / 2 for x in range(len(wide.index))], list(wide.index))
        ax.legend(fontsize="small")
    ax.set_title("Invoices")
    ax.set_ylabel("iCredits")
    return ax


def overview(report: Report) -> Figure:
    """Balances, daily charges and invoices, one above the other."""
    fig = Figure(figsize=(9, 10), layout="constrained")
    top, middle, bottom = fig.subplots(3, 1)
    balances(report, top)
    charges(report, middle)
    invoices(report, bottom)
    return fig


def fan(months: pd.DataFrame, labels: list[str], ax: Axes | None = None) -> Axes:
    """Fan chart from a table of ``period``, ``min``, ``max`` and quantile columns
    (``labels`` such as ``p5``, ``p50``, ``p95``, in any order)."""
    ax = _axes(ax)
    ax.set_title("Invoice totals per month over the Monte Carlo paths")
    if "period" not in months.columns:
        return ax  # no invoice on any path
    labels = sorted(labels, key=lambda label: Decimal(label.removeprefix("p")))
    table = as_float(months)
    x = list(range(len(table)))
    ax.fill_between(x, table["min"], table["max"], alpha=0.15, label="min-max")
    for i in range(len(labels) // 2):
        lo, hi = labels[i], labels[-1 - i]
        ax.fill_between(x, table[lo], table[hi], alpha=0.3, label=f"{lo}-{hi}")
    if labels:
        mid = labels[len(labels) // 2]
        ax.plot(x, table[mid], marker="o", label=mid)
    ax.set_xticks(x, list(table["period"]))
    ax.set_ylabel("iCredits")
    ax.legend(fontsize="small")
    return ax
