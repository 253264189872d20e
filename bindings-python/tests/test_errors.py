"""Errors: core's codes, paths and messages reach Python as BillsimError subclasses."""

from __future__ import annotations

import copy
import pickle
import typing
from datetime import datetime

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


def test_errors_pickle_and_copy_with_their_fields():
    # A worker pool sends errors back pickled.
    with pytest.raises(billsim.BillsimError) as err:
        billsim.simulate({"start": "2026-03-01", "until": "2026-03-31", "tenants": [{"id": "lab", "budget": 1.5}]})
    for again in (pickle.loads(pickle.dumps(err.value)), copy.copy(err.value)):
        assert type(again) is type(err.value)
        assert (again.code, again.path, again.message, again.issues) == (
            err.value.code,
            err.value.path,
            err.value.message,
            err.value.issues,
        )


@pytest.mark.parametrize("bad", ["", "null", "/no/such/scenario.json", 42])
def test_what_is_not_a_scenario_is_a_validation_error(bad):
    with pytest.raises(billsim.ValidationError) as err:
        billsim.simulate(bad)
    assert err.value.code == "invalid_json"


def test_numpy_and_pandas_values_cross_as_their_plain_forms():
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    scenario = billsim.examples()["seed002_prepaid"]
    plain = billsim.simulate(scenario).summary.invoiced
    scenario["events"].append({"at": pd.Timestamp("2026-03-25T10:00Z"), "type": "charge", "tenant": scenario["tenants"][0]["id"],
                               "usage_type": "compute", "amount": np.int64(10)})
    scenario["events"].append({"at": np.datetime64("2026-03-26T10:00"), "type": "charge", "tenant": scenario["tenants"][0]["id"],
                               "usage_type": "compute", "amount": np.int32(5)})
    assert billsim.simulate(scenario).summary.invoiced == plain + 15
    scenario["until"] = np.datetime64("2026-03-31")  # a day field takes a day
    assert billsim.simulate(scenario).summary.invoiced == plain + 15
    scenario["events"].append({"at": object(), "type": "charge"})
    with pytest.raises(billsim.ValidationError) as err:
        billsim.simulate(scenario)
    assert err.value.code == "invalid_json"


def test_forecast_takes_a_datetime_as_its_day_and_schema_refuses_unknown_kinds():
    scenario = billsim.examples()["seed002_prepaid"]
    by_day = billsim.forecast(scenario, "2026-03-10")
    assert billsim.forecast(scenario, datetime(2026, 3, 10, 15, 30)).to_json() == by_day.to_json()
    with pytest.raises(ValueError, match="'Scenario'"):
        billsim.schema("Scenario")  # type: ignore[arg-type]
