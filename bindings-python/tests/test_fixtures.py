"""Shared golden fixtures (tests/fixtures at the repository root): every front
end must turn each ``NAME.scenario.json`` into exactly ``NAME.expected.json``."""

from __future__ import annotations

from pathlib import Path

import pytest

import billsim

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
