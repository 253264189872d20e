"""Errors: core's codes, paths and messages reach Python as BillsimError subclasses."""

from __future__ import annotations

import typing

import pytest

import billsim
from billsim import _billsim
from billsim.kinds import NotificationKind, RejectionCode


def test_error_codes_match_core():
    assert list(typing.get_args(billsim.ErrorCode)) == _billsim.error_codes()


def test_rejection_codes_and_notification_kinds_match_core():
    assert list(typing.get_args(RejectionCode)) == _billsim.rejection_codes()
    assert list(typing.get_args(NotificationKind)) == _billsim.notification_kinds()


def test_invalid_json():
    with pytest.raises(billsim.ValidationError) as err:
        billsim.simulate("{")
    assert (err.value.code, err.value.path) == ("invalid_json", "")
    assert isinstance(err.value, ValueError) and isinstance(err.value, billsim.BillsimError)


def test_float_money_is_refused_with_its_path():
    sc = billsim.examples()["seed002_prepaid"]
    sc["events"][1]["amount"] = 1000.5
    with pytest.raises(billsim.ValidationError) as err:
        billsim.simulate(sc)
    assert err.value.code == "float_money"
    assert err.value.path == "/events/1/amount"
    assert err.value.issues[0].code == "float_money"


def test_every_issue_is_reported():
    sc = billsim.examples()["seed002_prepaid"]
    sc["events"][0]["tenant"] = "nobody"
    sc["events"][1]["tenant"] = "nobody-else"
    with pytest.raises(billsim.ValidationError) as err:
        billsim.validate(sc)
    assert [(i.code, i.path) for i in err.value.issues] == [
        ("unknown_tenant", "/events/0/tenant"),
        ("unknown_tenant", "/events/1/tenant"),
    ]
    assert str(err.value).startswith("unknown_tenant /events/0/tenant: ")


def test_limits_raise_limit_error():
    assert set(_billsim.limit_codes()) == {
        "horizon_too_long",
        "too_many_events",
        "overflow",
        "limit_exceeded",
    }
    with pytest.raises(billsim.LimitError) as err:
        billsim.monte_carlo(billsim.example_text("seed002_prepaid"), runs=10**9, progress=False)
    assert (err.value.code, err.value.path) == ("limit_exceeded", "/runs")


def test_bad_detail_and_time_are_billsim_errors():
    with pytest.raises(billsim.ValidationError) as err:
        billsim.simulate(billsim.example_text("seed002_prepaid"), detail="everything")  # type: ignore[arg-type]
    assert err.value.code == "invalid_value"
    with pytest.raises(billsim.ValidationError) as err:
        billsim.Simulation(billsim.example_text("seed002_prepaid")).advance_to("2026-13-01")
    assert err.value.code == "invalid_time"
