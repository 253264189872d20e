"""What-if: two scenarios side by side, every figure as ``b - a``.

>>> import billsim
>>> base = billsim.examples()["seed002_prepaid"]
>>> bigger = billsim.examples()["seed002_prepaid"]
>>> bigger["events"][1]["amount"] = "1500"
>>> c = billsim.compare(base, bigger)
>>> c.totals["postpaid"]
{'a': Decimal('550'), 'b': Decimal('50'), 'delta': Decimal('-500')}
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from billsim import _billsim, _wire
from billsim._api import Detail, run_options
from billsim._wire import ScenarioLike, scenario_text


class Comparison:
    """The result of :func:`compare`. Each figure is ``{"a", "b", "delta"}`` (``Decimal``)."""

    def __init__(self, canonical_json: str) -> None:
        self._json = canonical_json
        self.data: dict[str, Any] = _wire.convert_document(json.loads(canonical_json), "comparison")
        self.totals: dict[str, dict[str, Any]] = self.data["totals"]

    def to_json(self) -> str:
        """Core's canonical comparison JSON."""
        return self._json

    @property
    def invoices(self) -> pd.DataFrame:
        """One row per tenant and month: invoice total in ``a``, in ``b`` and the change."""
        rows = [{"tenant": m["tenant"], "period": m["period"], **m["total"]} for m in self.data["invoices"]]
        return pd.DataFrame(rows, columns=["tenant", "period", "a", "b", "delta"])

    @property
    def dates(self) -> pd.DataFrame:
        """Depletion and post-paid dates in ``a`` and ``b``, and the shift in days."""
        rows = [{"what": what, **d} for what in ("depletion", "postpaid_since") for d in self.data[what]]
        return pd.DataFrame(rows, columns=["what", "key", "a", "b", "days"])

    def __repr__(self) -> str:
        return f"<billsim.Comparison invoiced={self.totals['invoiced']}>"


def compare(a: ScenarioLike, b: ScenarioLike, detail: Detail = "full") -> Comparison:
    """Runs scenarios ``a`` and ``b`` and compares them (GIL released while core runs)."""
    ta, tb = scenario_text(a), scenario_text(b)
    return Comparison(_billsim.compare_json(ta, tb, options_json=run_options([ta, tb], detail)))
