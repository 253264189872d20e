"""The step API: apply events one at a time, move the clock, read balances.

>>> import billsim
>>> sim = billsim.Simulation(billsim.examples()["seed002_prepaid"])
>>> sim.advance_to("2026-03-16")
>>> sim.balances()[0].source("prepaid-march").remaining
Decimal('250')
>>> sim.apply({"at": "2026-03-16T10:00Z", "type": "prepaid", "tenant": "coreseqinc.Illumina.com",
...            "amount": "500", "id": "top-up"})
2
>>> sim.finish().summary.tenant("coreseqinc.Illumina.com").source("top-up").remaining
Decimal('0')
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from billsim import _billsim
from billsim._api import Detail, run_options
from billsim._wire import ScenarioLike, TimeLike, parse_time, scenario_text, time_arg, to_text
from billsim.report import Report
from billsim.summary import TenantSummary


class Simulation:
    """A running simulation on core's simulated clock (UTC, minute resolution).

    ``simulate(s)`` is ``Simulation(s).finish()``; in between, ``apply`` adds
    events (now or later, never in the past), ``advance_to`` runs the clock and
    ``balances``/``report`` read the state as of now. One simulation belongs
    to one thread at a time, and it cannot be copied or pickled: to branch a
    what-if, build a second one from the same scenario.
    """

    def __init__(self, scenario: ScenarioLike, detail: Detail = "full") -> None:
        text = scenario_text(scenario)
        self._sim = _billsim.Simulation(text, options_json=run_options([text], detail))

    @property
    def now(self) -> datetime:
        """The simulated clock."""
        return parse_time(self._sim.now())

    @property
    def end(self) -> datetime:
        """The first minute after the horizon."""
        return parse_time(self._sim.end())

    def apply(self, event: Mapping[str, Any] | str) -> int:
        """Applies one event (dict or JSON text); returns its index in the report.

        Runs everything due before the event first. An invalid event raises
        :class:`billsim.ValidationError`; a broken domain rule is a rejection
        in the report, not an exception.
        """
        if isinstance(event, str):
            return self._sim.apply(event)
        return self._sim.apply(to_text(event, f"/events/{self._sim.next_event_index()}"))

    def advance_to(self, at: TimeLike) -> None:
        """Runs everything due before ``at`` (and the expiries due at ``at``; a
        switch to post-paid they cause waits until the clock passes ``at``, as an
        event applied at ``at`` may renew the funding)."""
        self._sim.advance_to(time_arg(at, ""))

    def balances(self) -> list[TenantSummary]:
        """Every tenant's funding sources, Samples and totals as of now."""
        return [TenantSummary.from_wire(t) for t in json.loads(self._sim.balances())]

    def report(self) -> Report:
        """The report as of now."""
        return Report(self._sim.report())

    def finish(self) -> Report:
        """Runs to the end of the horizon and returns the report. The simulation
        stays usable: ``report()``, ``balances()`` and ``finish()`` read the end."""
        return Report(self._sim.finish())

    def __repr__(self) -> str:
        return f"<billsim.Simulation now={self._sim.now()} end={self._sim.end()}>"
