"""Monte Carlo: many seeded paths of a scenario's stochastic usage profiles.

Path ``i`` uses its own generator seeded from ``(seed, i)``, so results do not
depend on the number of threads. Core runs the paths on every core with the
GIL released; a tqdm progress bar appears when a run takes more than a moment.

>>> import billsim
>>> sc = billsim.examples()["seed002_prepaid"]
>>> sc["usage"] = [{"type": "poisson", "tenant": "coreseqinc.Illumina.com", "mean": "1",
...                 "amount": "50", "from": "2026-03-01", "to": "2026-03-31"}]
>>> d = billsim.monte_carlo(sc, runs=200, seed=42, progress=False)
>>> d.runs, d.charged.min <= d.charged.quantiles["p50"] <= d.charged.max
(200, True)
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pandas as pd

from billsim import _billsim, _wire
from billsim._wire import ScenarioLike, scenario_text

if TYPE_CHECKING:
    from matplotlib.axes import Axes

ProgressLike = bool | Callable[[int, int], object]
"""``True`` (tqdm bar after half a second), ``False`` (none) or ``callback(done, runs)``."""


@dataclass(frozen=True)
class Stats:
    """An amount over the paths: mean, min, max and nearest-rank quantiles (``p5``, ``p50``, …)."""

    mean: Decimal
    min: Decimal
    max: Decimal
    quantiles: dict[str, Decimal]


@dataclass(frozen=True)
class DateStats:
    """A date over the paths (``key`` is ``tenant/source`` or the tenant).

    ``share`` of the paths saw it happen; a quantile beyond that share is ``None``.
    """

    key: str
    share: Decimal
    quantiles: dict[str, datetime | None]


class Distribution:
    """The result of :func:`monte_carlo`; ``to_json()`` gives core's canonical JSON."""

    def __init__(self, canonical_json: str) -> None:
        self._json = canonical_json
        self.data: dict[str, Any] = _wire.convert_document(json.loads(canonical_json), "distribution")
        self.runs: int = self.data["runs"]
        self.seed: int = self.data["seed"]
        self.charged = Stats(**self.data["charged"])
        self.invoiced = Stats(**self.data["invoiced"])
        self.postpaid = Stats(**self.data["postpaid"])
        self.invoices_by_month = {m: Stats(**s) for m, s in self.data["invoices_by_month"].items()}
        self.depletion = tuple(DateStats(**d) for d in self.data["depletion"])
        self.samples_blocked = tuple(DateStats(**d) for d in self.data["samples_blocked"])
        self.postpaid_since = tuple(DateStats(**d) for d in self.data["postpaid_since"])

    def to_json(self) -> str:
        """Core's canonical distribution JSON."""
        return self._json

    def invoices_frame(self) -> pd.DataFrame:
        """One row per billing month: mean, min, max and each quantile (``Decimal``)."""
        rows = [
            {"period": month, "mean": s.mean, "min": s.min, "max": s.max, **s.quantiles}
            for month, s in self.invoices_by_month.items()
        ]
        return pd.DataFrame(rows)

    @property
    def paths(self) -> pd.DataFrame | None:
        """The per-path table (``paths=True``), else ``None``."""
        rows = json.loads(self._json).get("paths")
        return None if rows is None else _wire.frame(rows, "PathResult", "distribution")

    def plot_fan(self, ax: Axes | None = None) -> Axes:
        """Fan chart of invoice totals per month: min-max, outer and inner quantile bands, median."""
        from billsim import plot

        return plot.fan(self.invoices_frame(), list(self.charged.quantiles), ax)

    def __repr__(self) -> str:
        q = self.charged.quantiles
        label = "p50" if "p50" in q else list(q)[len(q) // 2] if q else None
        median = f" charged {label}={q[label]}" if label else ""
        return f"<billsim.Distribution runs={self.runs} seed={self.seed}{median}>"


def monte_carlo(
    scenario: ScenarioLike,
    runs: int = 1000,
    seed: int = 0,
    *,
    quantiles: Sequence[Decimal | str | float] | None = None,
    paths: bool = False,
    threads: int = 0,
    progress: ProgressLike = True,
) -> Distribution:
    """Runs ``runs`` seeded paths of ``scenario`` and returns their :class:`Distribution`.

    ``quantiles`` are decimals in 0..1 (default 0.05, 0.5, 0.95) as ``Decimal``,
    text or numbers; ``threads=0`` uses every core (the result is the same for
    any thread count). Raises
    :class:`billsim.LimitError` beyond core's run limit. An exception from
    ``progress``, or Ctrl-C, stops the run after the paths under way and is raised.
    """
    options: dict[str, Any] = {"runs": runs, "seed": seed, "threads": threads, "paths": paths}
    if quantiles is not None:
        # As the npm package writes String(q). A NaN or infinity stays a float,
        # for to_text to refuse at its path.
        options["quantiles"] = [
            q if isinstance(q, float) and not math.isfinite(q) else str(q) for q in quantiles
        ]
    text = scenario_text(scenario)
    options_json = _wire.after_scenarios([text], lambda: _wire.to_text(options))
    if progress is True:
        from tqdm.auto import tqdm  # type: ignore[import-untyped]

        with tqdm(total=runs, delay=0.5, unit="path", desc="billsim") as bar:

            def advance(done: int, _runs: int) -> None:
                bar.update(done - bar.n)

            return Distribution(_billsim.monte_carlo_json(text, options_json, advance))
    callback = progress if callable(progress) else None
    return Distribution(_billsim.monte_carlo_json(text, options_json, callback))
