"""Shared golden fixtures (tests/fixtures at the repository root): every front
end must turn each ``NAME.scenario.json`` into exactly ``NAME.expected.json``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import billsim
from billsim import _billsim

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures"
SCENARIOS = sorted(FIXTURES.glob("*.scenario.json"))


@pytest.mark.skipif(not SCENARIOS, reason=f"no *.scenario.json in {FIXTURES}")
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.name.removesuffix(".scenario.json"))
def test_fixture_report_is_byte_identical(scenario: Path):
    expected = scenario.with_name(scenario.name.replace(".scenario.json", ".expected.json"))
    assert expected.exists(), f"{expected.name} is missing"
    assert (
        billsim.simulate_json(scenario.read_text(encoding="utf-8"))
        == expected.read_text(encoding="utf-8").rstrip()
    )


MONTE_CARLO = sorted(FIXTURES.glob("*.mc.json"))


@pytest.mark.skipif(not MONTE_CARLO, reason=f"no *.mc.json in {FIXTURES}")
@pytest.mark.parametrize("fixture", MONTE_CARLO, ids=lambda p: p.name.removesuffix(".mc.json"))
@pytest.mark.parametrize("threads", [1, 2])
def test_monte_carlo_fixture_is_byte_identical(fixture: Path, threads: int):
    spec = json.loads(fixture.read_text(encoding="utf-8"))
    expected = fixture.with_name(fixture.name.replace(".mc.json", ".mc.expected.json"))
    options = {**spec["options"], "threads": threads}
    got = _billsim.monte_carlo_json(json.dumps(spec["scenario"]), json.dumps(options))
    assert got == expected.read_text(encoding="utf-8").rstrip()
