"""Errors: core's codes, paths and messages reach Python as BillsimError subclasses."""

from __future__ import annotations

import copy
import json
import pickle
import re
import typing
from datetime import datetime
from pathlib import Path
from typing import Any

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


@pytest.mark.parametrize(
    ("bad", "code", "message"),
    [
        (
            "",
            "invalid_json",
            "not valid JSON: EOF while parsing a value at line 1 column 0; and no file named '' exists",
        ),
        ("/no/such/scenario.json", "invalid_json", "; and no file named '/no/such/scenario.json' exists"),
        # As the npm package: JSON text core reads, or a value written as JSON.
        ("null", "invalid_value", "a scenario is a JSON object"),
        ("[1]", "invalid_value", "a scenario is a JSON object"),
        (42, "invalid_value", "a scenario is a JSON object"),
        (Path("/no/such/scenario.json"), "invalid_json", "the scenario file cannot be read: "),
    ],
)
def test_what_is_not_a_scenario_is_a_validation_error(bad, code, message):
    with pytest.raises(billsim.ValidationError) as err:
        billsim.simulate(bad)
    assert (err.value.code, err.value.path) == (code, "")
    assert message in err.value.message


def test_a_str_naming_a_file_is_that_file_whatever_its_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = billsim.example_text("seed002_prepaid")
    for name in ("[q1] lab.json", "{x}.json", "null"):
        (tmp_path / name).write_text(text)
        assert billsim.simulate(name).to_json() == billsim.simulate(text).to_json()


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


# The same inputs, codes, paths and messages are checked by the npm package's
# tests (bindings-wasm/test/errors.test.cjs): both front ends must agree.
BASE = {"start": "2026-03-01", "until": "2026-03-31", "tenants": [{"id": "lab"}]}
SUB = {
    "at": "2026-03-01",
    "type": "subscribe",
    "tenant": "lab",
    "product": "ica_enterprise",
    "ends": "2026-12-31",
}
TIME = "a time is ISO-8601 text: YYYY-MM-DD or YYYY-MM-DDTHH:MM[Z]"
DAY = "a day is ISO-8601 text: YYYY-MM-DD"


def with_events(*events):
    return {**BASE, "events": list(events)}


def raised(f):
    with pytest.raises(billsim.BillsimError) as err:
        f()
    return err.value


def test_a_time_argument_that_is_not_a_time_or_text_is_invalid_value():
    sc = with_events(SUB)
    day = raised(lambda: billsim.forecast(sc, 20260316))  # type: ignore[arg-type]
    assert (day.code, day.path, day.message) == ("invalid_value", "/as_of", DAY)
    sim = billsim.Simulation(sc)
    for at in (1773619200000, None):
        with pytest.raises(billsim.ValidationError) as err:
            sim.advance_to(at)  # type: ignore[arg-type]
        assert (err.value.code, err.value.path, err.value.message) == ("invalid_value", "", TIME)


def test_nan_and_infinities_are_invalid_value_at_their_path():
    nan, inf = float("nan"), float("inf")
    cases = [
        (
            lambda: billsim.simulate({**BASE, "tenants": [{"id": "lab", "budget": nan}]}),
            "/tenants/0/budget",
            "NaN",
        ),
        (
            lambda: billsim.simulate(
                with_events(SUB, {"at": "2026-03-02", "type": "prepaid", "tenant": "lab", "amount": inf})
            ),
            "/events/1/amount",
            "Infinity",
        ),
        (
            lambda: billsim.simulate({**BASE, "rates": {"apps": {"a/b~c": {"per_node_hour": -inf}}}}),
            "/rates/apps/a~1b~0c/per_node_hour",
            "-Infinity",
        ),
        (lambda: billsim.monte_carlo(with_events(SUB), runs=nan, progress=False), "/runs", "NaN"),  # type: ignore[arg-type]
        (
            lambda: billsim.monte_carlo(with_events(SUB), quantiles=[0.5, nan], progress=False),
            "/quantiles/1",
            "NaN",
        ),
        (lambda: billsim.simulate(nan), "", "NaN"),  # type: ignore[arg-type]
    ]
    for f, path, number in cases:
        e = raised(f)
        assert (e.code, e.path, e.message) == ("invalid_value", path, f"{number} is not a JSON number")
    sim = billsim.Simulation(with_events(SUB))
    e = raised(lambda: sim.apply({"at": "2026-03-02", "type": "prepaid", "tenant": "lab", "amount": nan}))
    assert (e.code, e.path, e.message) == ("invalid_value", "/events/1/amount", "NaN is not a JSON number")


def test_integral_floats_are_accepted_as_in_js_and_fractional_ones_refused():
    def budget(value):
        return billsim.simulate({**BASE, "tenants": [{"id": "lab", "budget": value}]}).to_json()

    assert budget(5.0) == budget(5) == budget("5")
    topup = {"at": "2026-03-02", "type": "prepaid", "tenant": "lab", "amount": 500.0, "id": "p"}
    assert (
        billsim.simulate(with_events(SUB, topup)).to_json()
        == billsim.simulate(with_events(SUB, {**topup, "amount": "500"})).to_json()
    )
    sim = billsim.Simulation(with_events(SUB))
    assert sim.apply(topup) == 1
    e = raised(lambda: billsim.simulate({**BASE, "tenants": [{"id": "lab", "budget": 1.5}]}))
    assert (e.code, e.path) == ("float_money", "/tenants/0/budget")
    assert (
        e.message
        == '1.5 is a fractional JSON number; give money and quantities as decimal strings, e.g. "1.5"'
    )
    # Text that only looks like a float keeps its value.
    assert billsim.simulate({**BASE, "tenants": [{"id": "lab, 5.0"}]}).summary.tenants[0].tenant == "lab, 5.0"


def test_a_bad_detail_reads_as_in_js():
    e = raised(lambda: billsim.simulate(with_events(SUB), detail="bogus"))  # type: ignore[arg-type]
    message = "unknown variant `bogus`, expected one of `summary`, `monthly`, `daily`, `full`"
    assert (e.code, e.path, e.message) == ("invalid_value", "/detail", message)
    assert [(i.code, i.path, i.message) for i in e.issues] == [("invalid_value", "/detail", message)]


def test_a_bad_scenario_is_reported_before_bad_options_at_every_entry_point():
    bad = {**BASE, "tenants": [{"id": "lab", "budget": 1.5}]}
    good = with_events(SUB)
    for f in [
        lambda: billsim.simulate(bad, detail="bogus"),  # type: ignore[arg-type]
        lambda: billsim.simulate_json(json.dumps(bad), detail="bogus"),  # type: ignore[arg-type]
        lambda: billsim.Simulation(bad, "bogus"),  # type: ignore[arg-type]
        lambda: billsim.forecast(bad, 20260316),  # type: ignore[arg-type]
        lambda: billsim.forecast(bad, "2026-03-10", window_days="x"),  # type: ignore[arg-type]
        lambda: billsim.monte_carlo(bad, runs=0, progress=False),
        lambda: billsim.monte_carlo(bad, runs=float("inf"), progress=False),  # type: ignore[arg-type]
    ]:
        e = raised(f)
        assert (e.code, e.path) == ("float_money", "/tenants/0/budget")
    assert raised(lambda: billsim.simulate(good, detail="bogus")).path == "/detail"  # type: ignore[arg-type]
    # compare names the scenario at fault.
    e = raised(lambda: billsim.compare(good, bad, "bogus"))  # type: ignore[arg-type]
    assert (e.code, e.path) == ("float_money", "/b/tenants/0/budget")
    assert e.message.startswith("scenario b: ")


def test_compare_validates_both_scenarios_before_running_either():
    # a is valid but its run overflows; b is invalid: b's error, without running a.
    compute = {
        "at": "2026-03-02",
        "type": "compute",
        "tenant": "lab",
        "app": "rnaseq_alignment",
        "nodes": 100000,
        "hours": "1000000000000000",
    }
    overflows = with_events(SUB, compute)
    assert raised(lambda: billsim.simulate(overflows)).code == "overflow"
    invalid = with_events({"at": "2026-03-01", "type": "prepaid", "tenant": "nobody", "amount": "1"})
    e = raised(lambda: billsim.compare(overflows, invalid))
    assert (e.code, e.path) == ("unknown_tenant", "/b/events/0/tenant")
    unreadable = {**BASE, "tenants": [{"id": "lab", "budget": 1.5}]}
    assert raised(lambda: billsim.compare(invalid, unreadable)).code == "float_money"


def test_limit_error_documentation_names_exactly_the_codes_that_raise_it():
    doc = billsim.LimitError.__doc__ or ""
    named = {c for c in re.findall(r"``([a-z_]+)``", doc) if c in _billsim.error_codes()}
    assert named == set(_billsim.limit_codes())
    assert "range)" not in doc


def test_nesting_deeper_than_python_can_write_is_invalid_json():
    deep: dict = {}
    node = deep
    for _ in range(100_000):
        node["x"] = {}
        node = node["x"]
    e = raised(lambda: billsim.simulate(deep))
    assert (e.code, e.path) == ("invalid_json", "")
    assert e.message.startswith("the input cannot be written as JSON: ")


# Options of the wrong type or out of range: the values cross as JSON for core
# to read, so each is invalid_value at the option's pointer with the message
# the npm package gives for the same options object.
api: Any = billsim  # the calls below pass what the annotations refuse
ENUM = "expected one of `summary`, `monthly`, `daily`, `full`"
NOT_JSON = "cannot be written as JSON"
OPTION_CASES = [
    # simulate, simulate_json, Simulation and compare: the detail level.
    (lambda sc: api.simulate(sc, detail=42), "/detail", f"invalid type: integer `42`, {ENUM}"),
    (lambda sc: api.simulate(sc, 42), "/detail", f"invalid type: integer `42`, {ENUM}"),
    (lambda sc: api.simulate(sc, detail=None), "/detail", f"invalid type: null, {ENUM}"),
    (lambda sc: api.simulate(sc, detail=True), "/detail", f"invalid type: boolean `true`, {ENUM}"),
    (lambda sc: api.simulate(sc, detail=["full"]), "/detail", f"invalid type: sequence, {ENUM}"),
    (lambda sc: api.simulate(sc, detail=float("nan")), "/detail", "NaN is not a JSON number"),
    (lambda sc: api.simulate(sc, detail=object()), "/detail", f"a value of type object {NOT_JSON}"),
    (lambda sc: api.simulate_json(sc, detail=42), "/detail", f"invalid type: integer `42`, {ENUM}"),
    (lambda sc: api.simulate_json(sc, detail=b"full"), "/detail", f"a value of type bytes {NOT_JSON}"),
    (lambda sc: api.Simulation(sc, detail=42), "/detail", f"invalid type: integer `42`, {ENUM}"),
    (lambda sc: api.Simulation(sc, 2.5), "/detail", f"invalid type: floating point `2.5`, {ENUM}"),
    (lambda sc: api.compare(sc, sc, detail=42), "/detail", f"invalid type: integer `42`, {ENUM}"),
    (lambda sc: api.compare(sc, sc, {"level": "full"}), "/detail", "unknown variant `level`"),
    # monte_carlo: runs, seed, threads, paths, quantiles, progress.
    (lambda sc: api.monte_carlo(sc, runs="x", progress=False), "/runs", 'string "x", expected u32'),
    (lambda sc: api.monte_carlo(sc, runs="x"), "/runs", 'invalid type: string "x", expected u32'),
    (lambda sc: api.monte_carlo(sc, runs=True, progress=False), "/runs", "invalid type: boolean `true`"),
    (lambda sc: api.monte_carlo(sc, runs=2.5, progress=False), "/runs", "floating point `2.5`"),
    (lambda sc: api.monte_carlo(sc, runs=-1, progress=False), "/runs", "invalid value: integer `-1`"),
    (lambda sc: api.monte_carlo(sc, runs=0, progress=False), "/runs", "runs must be at least 1"),
    (lambda sc: api.monte_carlo(sc, 2, -1, progress=False), "/seed", "invalid value: integer `-1`, expected a whole number from 0 to 18446744073709551615"),
    (lambda sc: api.monte_carlo(sc, 2, 2**64, progress=False), "/seed", "expected a whole number from 0 to 18446744073709551615"),
    (lambda sc: api.monte_carlo(sc, 2, seed=False, progress=False), "/seed", "boolean `false`"),
    (lambda sc: api.monte_carlo(sc, 2, seed="7", progress=False), "/seed", 'invalid type: string "7"'),
    (lambda sc: api.monte_carlo(sc, 2, threads="all", progress=False), "/threads", "expected usize"),
    (lambda sc: api.monte_carlo(sc, 2, threads=-1, progress=False), "/threads", "integer `-1`"),
    (lambda sc: api.monte_carlo(sc, 2, paths=1, progress=False), "/paths", "expected a boolean"),
    (lambda sc: api.monte_carlo(sc, 2, paths="yes", progress=False), "/paths", "expected a boolean"),
    (lambda sc: api.monte_carlo(sc, 2, quantiles=5, progress=False), "/quantiles", "expected a sequence"),
    (lambda sc: api.monte_carlo(sc, 2, quantiles="0.5", progress=False), "/quantiles", "expected a sequence"),
    (lambda sc: api.monte_carlo(sc, 2, quantiles=[0.5, True], progress=False), "/quantiles/1", "`true`"),
    (lambda sc: api.monte_carlo(sc, 2, quantiles=[None], progress=False), "/quantiles/0", "type: null"),
    (lambda sc: api.monte_carlo(sc, 2, quantiles=[2], progress=False), "/quantiles/0", "between 0 and 1"),
    (lambda sc: api.monte_carlo(sc, 2, quantiles=["0.5", {1}], progress=False), "/quantiles/1", NOT_JSON),
    (lambda sc: api.monte_carlo(sc, 2, progress=1), "/progress", "progress is True (a tqdm bar), False"),
    (lambda sc: api.monte_carlo(sc, 2, progress="bar"), "/progress", "or a callable(done, runs)"),
    # forecast: window_days and horizon (as_of: see above).
    (lambda sc: api.forecast(sc, "2026-03-10", window_days="x"), "/window_days", "expected u32"),
    (lambda sc: api.forecast(sc, "2026-03-10", window_days=True), "/window_days", "boolean `true`"),
    (lambda sc: api.forecast(sc, "2026-03-10", window_days=-3), "/window_days", "integer `-3`"),
    (lambda sc: api.forecast(sc, "2026-03-10", window_days=0), "/window_days", "must be 1..=18300"),
    (lambda sc: api.forecast(sc, "2026-03-10", window_days=1.5), "/window_days", "floating point `1.5`"),
    (lambda sc: api.forecast(sc, "2026-03-10", horizon=20260331), "/horizon", "expected a string"),
    (lambda sc: api.forecast(sc, "2026-03-10", horizon=object()), "/horizon", NOT_JSON),
]


@pytest.mark.parametrize(("call", "path", "message"), OPTION_CASES)
def test_an_option_of_the_wrong_type_or_range_is_invalid_value_at_its_path(call, path, message):
    for scenario in (with_events(SUB), json.dumps(with_events(SUB))):
        with pytest.raises(billsim.ValidationError) as err:
            call(scenario)
        e = err.value
        assert (type(e), e.code, e.path) == (billsim.ValidationError, "invalid_value", path)
        assert message in e.message
        assert [(i.code, i.path) for i in e.issues] == [("invalid_value", path)]
        assert str(e).startswith(f"invalid_value {path}: ")


def test_options_core_reads_as_in_js_run_and_a_bad_scenario_is_still_reported_first():
    sc = with_events(SUB)
    assert api.simulate(sc, detail="monthly").detail == "monthly"
    # Integral floats are written as JSON integers, as JSON.stringify writes them.
    assert api.monte_carlo(sc, 2.0, 7.0, threads=1.0, progress=None).runs == 2
    bad = {**BASE, "tenants": [{"id": "lab", "budget": 1.5}]}
    for f in [
        lambda: api.simulate(bad, detail=42),
        lambda: api.simulate(bad, detail=object()),
        lambda: api.Simulation(bad, detail=None),
        lambda: api.monte_carlo(bad, runs="x", progress=False),
        lambda: api.monte_carlo(bad, quantiles=[object()], progress=False),
        lambda: api.monte_carlo(bad, progress=1),
        lambda: api.forecast(bad, "2026-03-10", horizon=5),
    ]:
        e = raised(f)
        assert (e.code, e.path) == ("float_money", "/tenants/0/budget")
    e = raised(lambda: api.compare(sc, bad, 42))
    assert (e.code, e.path) == ("float_money", "/b/tenants/0/budget")
