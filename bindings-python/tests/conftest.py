"""Shared fixtures: preset reports, built once per session."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import billsim


@pytest.fixture(scope="session")
def preset() -> Callable[[str], billsim.Report]:
    """``preset(name)``: the report of an embedded preset (cached)."""
    cache: dict[str, billsim.Report] = {}

    def run(name: str) -> billsim.Report:
        if name not in cache:
            cache[name] = billsim.simulate(billsim.example_text(name))
        return cache[name]

    return run
