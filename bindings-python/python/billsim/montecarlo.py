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
import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pandas as pd

from billsim import _billsim, _wire
from billsim._wire import ScenarioLike, scenario_text
from billsim.errors import ValidationError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

ProgressLike = bool | Callable[[int, int], object] | None
"""``True`` (tqdm bar after half a second), ``False`` or ``None`` (none) or ``callback(done, runs)``."""

_PROGRESS_TEXT = "progress is True (a tqdm bar), False or None (none), or a callable(done, runs)"


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
    any thread count). An option of the wrong type or out of range raises
    :class:`billsim.ValidationError` (``invalid_value`` at ``/runs``, ``/seed``, …,
    as in the npm package); :class:`billsim.LimitError` beyond core's run limit.
    An exception from ``progress``, or Ctrl-C, stops the run after the paths
    under way and is raised.
    """
    options: dict[str, Any] = {"runs": runs, "seed": seed, "threads": threads, "paths": paths}
    if quantiles is not None:
        options["quantiles"] = _quantiles(quantiles)
    text = scenario_text(scenario)

    def check() -> str:
        options_json = _wire.options_text(options)
        if not (progress is None or isinstance(progress, bool) or callable(progress)):
            raise ValidationError("invalid_value", "/progress", _PROGRESS_TEXT)
        return options_json

    options_json = _wire.after_scenarios([text], check)
    if progress is True:
        return _with_bar(text, options_json)
    callback = progress if callable(progress) else None
    return Distribution(_billsim.monte_carlo_json(text, options_json, callback))


def _quantiles(quantiles: object) -> object:
    """Quantiles as the npm package writes them: a list's numbers as ``String(q)``,
    everything else as given for core to read (a ``str`` or a dict is not a list,
    and ``True`` is not a number). A NaN or infinity stays a float, for
    :func:`billsim._wire.options_text` to refuse at its path."""
    if isinstance(quantiles, (str, bytes, Mapping)) or not isinstance(quantiles, Iterable):
        return quantiles
    return [
        str(q) if isinstance(q, numbers.Number) and not isinstance(q, bool) and _finite(q) else q
        for q in quantiles
    ]


def _finite(q: object) -> bool:
    """Whether ``q`` is not a NaN or infinite float."""
    return not isinstance(q, float) or math.isfinite(q)


def _with_bar(text: str, options_json: str) -> Distribution:
    """Runs with a tqdm bar (shown after half a second), made when core
    reports the first paths, so its total is the run count core read."""
    from tqdm.auto import tqdm  # type: ignore[import-untyped]

    bars: list[Any] = []

    def advance(done: int, runs: int) -> None:
        if not bars:
            bars.append(tqdm(total=runs, delay=0.5, unit="path", desc="billsim"))
        bars[0].update(done - bars[0].n)

    try:
        return Distribution(_billsim.monte_carlo_json(text, options_json, advance))
    finally:
        for bar in bars:
            bar.close()
