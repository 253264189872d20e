"""The Python API: inputs, types, canonical JSON, detail levels, step API, exports, plots."""

from __future__ import annotations

import copy as copy_module
import io
import json
import os
import pickle
import signal
import threading
import time
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

import billsim
from billsim import _billsim
from billsim.export import write_ledger_csv, write_statements_csv

matplotlib.use("Agg")
UTC = timezone.utc
PREPAID = "coreseqinc.Illumina.com"


def test_dict_text_and_path_give_the_same_canonical_json(tmp_path):
    text = billsim.example_text("seed002_prepaid")
    path = tmp_path / "s.json"
    path.write_text(text)
    outputs = {
        billsim.simulate(json.loads(text)).to_json(),
        billsim.simulate(text).to_json(),
        billsim.simulate(path).to_json(),
        billsim.simulate(str(path)).to_json(),
        billsim.simulate_json(text),
    }
    assert len(outputs) == 1
    assert outputs.pop() == _billsim.simulate_json(text)


@pytest.mark.parametrize("name", ["default", "seed002_prepaid", "seed003_basespace"])
def test_a_report_read_a_section_at_a_time_equals_the_canonical_text(name):
    text = billsim.example_text(name)
    whole = billsim.Report(_billsim.simulate_json(text))
    by_section = billsim.simulate(text)
    assert list(whole.data) == [
        "detail",
        "summary",
        "invoices",
        "statements",
        "daily",
        "ledger",
        "registrations",
        "notifications",
        "rejections",
    ]
    for key, value in whole.data.items():
        assert by_section.section(key) == value
        assert json.dumps(by_section.section(key)) == json.dumps(value)
    assert by_section.invoices.equals(whole.invoices)
    assert by_section.summary == whole.summary
    assert by_section.to_json() == whole.to_json() == _billsim.simulate_json(text)
    with pytest.raises(KeyError):
        by_section.section("ledger_rows")
    with pytest.raises(KeyError):
        whole.section("ledger_rows")


def test_a_report_pickles_and_copies_as_its_canonical_json():
    report = billsim.simulate(billsim.example_text("seed002_prepaid"))
    for copy in (pickle.loads(pickle.dumps(report)), copy_module.deepcopy(report)):
        assert copy.to_json() == report.to_json()
        assert copy.invoices.equals(report.invoices)


def test_decimal_and_datetime_values_in_a_dict_become_scenario_text():
    sc = billsim.examples()["seed002_prepaid"]
    sc["events"][1]["amount"] = Decimal("1000")
    sc["events"][1]["at"] = datetime(2026, 2, 27, 9, 0, tzinfo=UTC)
    sc["start"] = date(2026, 2, 1)
    assert billsim.simulate(sc).to_json() == billsim.simulate_json(billsim.example_text("seed002_prepaid"))


def test_money_is_decimal_and_times_are_utc(preset):
    report = preset("seed002_prepaid")
    row = report.ledger.iloc[0]
    assert isinstance(row["amount"], Decimal) and isinstance(row["at"], datetime)
    assert row["at"].tzinfo is not None and row["at"].utcoffset().total_seconds() == 0
    assert all(isinstance(d, date) for d in report.daily["date"])
    assert report.invoices["lines"].iloc[0] == [{"usage_type": "compute", "amount": Decimal("550")}]
    assert report.statements["drawdown"].iloc[0] == {"prepaid-march": Decimal("1000")}


def test_no_float_money_unless_asked(preset):
    daily = preset("seed002_prepaid").daily
    assert daily["prefunded"].dtype == object
    floats = billsim.as_float(daily)
    assert floats["prefunded"].dtype == "float64" and floats["prefunded"].max() == 1000.0


def test_empty_tables_keep_their_columns(preset):
    rejections = preset("seed002_prepaid").rejections
    assert rejections.empty and {"at", "event", "code", "message"} <= set(rejections.columns)


def test_empty_tables_have_the_columns_of_full_ones_in_the_same_order(preset):
    full = preset("seed003_basespace")
    summary = billsim.simulate(billsim.example_text("seed003_basespace"), detail="summary")
    assert list(full.ledger.columns) == [
        "at",
        "tenant",
        "kind",
        "usage_type",
        "source",
        "amount",
        "currency",
        "balance_after",
        "event",
    ]
    for table in ("ledger", "daily", "invoices", "statements"):
        assert len(getattr(full, table)) > 0 and len(getattr(summary, table)) == 0, table
        assert list(getattr(summary, table).columns) == list(getattr(full, table).columns), table
    assert list(full.invoices.columns) == [
        "tenant",
        "period",
        "issued_at",
        "to",
        "lines",
        "exact_total",
        "total",
    ]
    rejected = preset("seed002_samples").rejections
    assert len(rejected) > 0 and list(rejected.columns) == list(preset("seed002_prepaid").rejections.columns)
    assert list(rejected.columns) == ["at", "event", "tenant", "code", "message"]
    # Forecast tables, with and without rows.
    sources = billsim.forecast(billsim.example_text("seed002_prepaid"), "2026-03-10").sources
    empty = billsim.forecast(
        {"start": "2026-03-01", "until": "2026-03-31", "tenants": [{"id": "lab"}]}, "2026-03-10"
    ).sources
    assert len(sources) > 0 and len(empty) == 0
    assert list(empty.columns) == list(sources.columns) and list(sources.columns)[:3] == [
        "tenant",
        "id",
        "kind",
    ]


@pytest.mark.parametrize("detail", ["summary", "monthly", "daily", "full"])
def test_detail_levels(detail):
    report = billsim.simulate(billsim.example_text("seed002_postpaid"), detail=detail)
    assert report.detail == detail
    assert report.summary.invoiced == Decimal("1980")
    assert (len(report.invoices) > 0) == (detail != "summary")
    assert (len(report.ledger) > 0) == (detail == "full")


def test_summary_fields_match_core_schema():
    defs = billsim.schema("report")["$defs"]
    for cls, name in [
        (billsim.Summary, "Summary"),
        (billsim.TenantSummary, "TenantSummary"),
        (billsim.SourceSummary, "SourceSummary"),
        (billsim.SampleSummary, "SampleSummary"),
    ]:
        assert set(cls.__dataclass_fields__) == set(defs[name]["properties"]), name


def test_step_api_reads_balances_and_takes_events():
    sim = billsim.Simulation(billsim.examples()["seed002_prepaid"])
    assert sim.now == datetime(2026, 2, 1, tzinfo=UTC)
    sim.advance_to(date(2026, 3, 16))
    assert sim.balances()[0].source("prepaid-march").remaining == Decimal("250")
    index = sim.apply(
        {
            "at": datetime(2026, 3, 16, 10),
            "type": "prepaid",
            "tenant": PREPAID,
            "amount": Decimal("500"),
            "id": "top-up",
        }
    )
    assert index == 2
    report = sim.finish()
    tenant = report.summary.tenant(PREPAID)
    # 50 a day: the first pack lasts to 20 March, the top-up ten more days, 31 March is post-paid.
    assert tenant.source("prepaid-march").depleted_at == datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
    assert tenant.source("top-up").depleted_at == datetime(2026, 3, 30, 12, 0, tzinfo=UTC)
    assert report.invoice_total(PREPAID, "2026-03") == Decimal("50")


def test_step_api_refuses_events_in_the_past():
    sim = billsim.Simulation(billsim.example_text("seed002_prepaid"))
    sim.advance_to("2026-03-10")
    with pytest.raises(billsim.ValidationError) as err:
        sim.apply({"at": "2026-03-01", "type": "prepaid", "tenant": PREPAID, "amount": "5", "id": "late"})
    assert err.value.code == "out_of_horizon"


def test_schema_is_cores_schema_file_exactly():
    root = Path(__file__).parents[2] / "core" / "schema"
    assert billsim.schema("scenario") == json.loads((root / "scenario.schema.json").read_text())
    assert billsim.schema("report") == json.loads((root / "report.schema.json").read_text())


def test_step_api_finish_leaves_the_simulation_readable():
    sim = billsim.Simulation(billsim.example_text("seed002_prepaid"), detail="summary")
    report = sim.finish()
    assert report.summary.invoiced == Decimal("550") and sim.now == sim.end
    assert sim.balances()[0].source("prepaid-march").remaining == Decimal("0")
    assert sim.report().to_json() == report.to_json() == sim.finish().to_json()


def test_examples_and_schema():
    names = list(billsim.examples())
    assert names[0] == "default" and "seed002_storage_after_expiry" in names
    assert billsim.schema()["type"] == "object"
    assert "ledger" in billsim.schema("report")["properties"]


def test_forecast_of_prepaid_from_mid_march():
    f = billsim.forecast(billsim.example_text("seed002_prepaid"), as_of=date(2026, 3, 16))
    t = f.tenant(PREPAID)
    assert t["daily_average"] == Decimal("50") and t["prefunded_remaining"] == Decimal("250")
    assert t["buy_by"] == date(2026, 3, 20) and t["postpaid_from"] == date(2026, 3, 21)
    assert list(f.invoices["total"]) == [Decimal("550"), Decimal("1500")]
    assert f.sources["outcome"].tolist() == ["depleted"]


def poisson_march() -> dict:
    """seed002_prepaid with March's usage a Poisson(1) count of 50-iCredit runs a day."""
    sc = billsim.examples()["seed002_prepaid"]
    march = {"from": "2026-03-01", "to": "2026-03-31"}
    sc["usage"] = [{"type": "poisson", "tenant": PREPAID, "mean": "1", "amount": "50", **march}]
    return sc


def test_monte_carlo_is_the_same_for_any_thread_count():
    sc = poisson_march()
    one = billsim.monte_carlo(sc, runs=64, seed=7, threads=1, progress=False)
    many = billsim.monte_carlo(sc, runs=64, seed=7, threads=0, paths=True, progress=False)
    assert one.charged == many.charged and one.depletion == many.depletion
    assert many.paths is not None and len(many.paths) == 64
    assert many.charged.min <= many.charged.quantiles["p50"] <= many.charged.max
    calls: list[tuple[int, int]] = []
    billsim.monte_carlo(sc, runs=16, seed=7, progress=lambda done, runs: calls.append((done, runs)))
    assert calls[-1] == (16, 16)


def test_monte_carlo_quantiles_may_be_numbers_as_in_js():
    # The npm package's test has the same scenario and figures.
    sc = poisson_march()
    numbers = billsim.monte_carlo(sc, runs=64, seed=7, quantiles=[0.25, 0.5, 0.9], progress=False)
    texts = billsim.monte_carlo(sc, runs=64, seed=7, quantiles=["0.25", "0.5", "0.9"], progress=False)
    assert numbers.to_json() == texts.to_json()
    assert numbers.charged.quantiles == {
        "p25": Decimal("1400"),
        "p50": Decimal("1550"),
        "p90": Decimal("1950"),
    }
    assert numbers.invoiced.quantiles == {"p25": Decimal("400"), "p50": Decimal("550"), "p90": Decimal("950")}
    assert repr(numbers) == "<billsim.Distribution runs=64 seed=7 charged p50=1550>"
    # Without p50, the middle quantile; without quantiles, none.
    upper = billsim.monte_carlo(sc, runs=64, seed=7, quantiles=["0.25", "0.75", "0.9"], progress=False)
    assert (
        repr(upper) == f"<billsim.Distribution runs=64 seed=7 charged p75={upper.charged.quantiles['p75']}>"
    )
    assert (
        repr(billsim.monte_carlo(sc, runs=2, seed=7, quantiles=[], progress=False))
        == "<billsim.Distribution runs=2 seed=7>"
    )


def test_an_exception_in_progress_stops_monte_carlo():
    calls: list[int] = []

    def stop(done: int, _runs: int) -> None:
        calls.append(done)
        if done > 0:
            raise RuntimeError("enough")

    # 100,000 paths take seconds; the run ends at the first report after some paths.
    with pytest.raises(RuntimeError, match="enough"):
        billsim.monte_carlo(billsim.examples()["default"], runs=100_000, progress=stop)
    assert len(calls) >= 2 and 0 < calls[-1] < 10_000


def test_ctrl_c_stops_monte_carlo():
    # A SIGINT 0.3 s in reaches the run, whose GIL is released: KeyboardInterrupt, not minutes of paths.
    timer = threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    started = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            billsim.monte_carlo(billsim.examples()["default"], runs=100_000, progress=False)
    finally:
        timer.cancel()
    assert time.monotonic() - started < 10


def test_ledger_csv_layout(preset):
    buf = io.StringIO()
    write_ledger_csv(preset("seed002_prepaid"), buf)
    lines = buf.getvalue().splitlines()
    assert lines[0] == "Date,Tenant,Product,Usage Type,Quantity,Unit,Rate,iCredits,Source"
    assert lines[-1] == "2026-03-31T12:00Z,coreseqinc.Illumina.com,,compute,,,,50,postpaid"
    assert len(lines) == 1 + 31  # one paid piece per day of March


def test_statements_csv_and_write(preset, tmp_path):
    buf = io.StringIO()
    write_statements_csv(preset("seed002_prepaid"), buf)
    assert "coreseqinc.Illumina.com,2026-03,drawdown,prepaid-march,1000" in buf.getvalue().splitlines()
    paths = preset("seed002_prepaid").write(tmp_path / "out")
    assert [p.name for p in paths] == ["report.json", "ledger.csv", "statements.csv"]
    assert (tmp_path / "out" / "report.json").read_text().rstrip() == preset("seed002_prepaid").to_json()


def test_plots_draw_under_agg(preset, tmp_path):
    report = preset("seed002_storage_after_expiry")
    fig = report.plot()
    assert [ax.get_title() for ax in fig.axes] == ["Balances", "iCredits charged per day", "Invoices"]
    assert len(report.plot_invoices().patches) == 4
    fig.savefig(tmp_path / "chart.png")
    assert (tmp_path / "chart.png").stat().st_size > 0


def test_repr_html(preset):
    html = preset("seed002_postpaid")._repr_html_()
    assert "prefunded-500.Illumina.com" in html and "740" in html


def test_ledger_frame_keeps_missing_balance_as_none(preset):
    ledger = preset("seed002_prepaid").ledger
    charge = ledger[ledger["kind"] == "charge"].iloc[0]
    assert charge["balance_after"] is None
    assert isinstance(ledger, pd.DataFrame)


def test_compare_a_bigger_pack():
    bigger = billsim.examples()["seed002_prepaid"]
    bigger["events"][1]["amount"] = "1500"
    c = billsim.compare(billsim.example_text("seed002_prepaid"), bigger)
    assert c.totals["postpaid"] == {"a": Decimal("550"), "b": Decimal("50"), "delta": Decimal("-500")}
    assert c.totals["charged"]["delta"] == Decimal("0")
    assert c.invoices.to_dict("records") == [
        {
            "tenant": PREPAID,
            "period": "2026-03",
            "a": Decimal("550"),
            "b": Decimal("50"),
            "delta": Decimal("-500"),
        }
    ]
    depletion = c.dates.set_index("key").loc[f"{PREPAID}/prepaid-march"]
    assert depletion["days"] == 10


def test_fan_chart_orders_quantiles_and_copes_without_invoices():
    sc = billsim.examples()["default"]
    dist = billsim.monte_carlo(sc, runs=8, quantiles=["0.95", "0.05", "0.5"], progress=False)
    ax = dist.plot_fan()
    labels = ax.get_legend_handles_labels()[1]
    assert labels == ["min-max", "p5-p95", "p50"]
    assert billsim.monte_carlo(sc, runs=4, quantiles=[], progress=False).plot_fan().get_legend_handles_labels()[1] == ["min-max"]
    # Pre-paid enough for everything: no path has an invoice.
    rich = billsim.examples()["seed002_prepaid"]
    rich["events"][1]["amount"] = "100000"
    assert billsim.monte_carlo(rich, runs=2, progress=False).plot_fan().get_title().startswith("Invoice totals")


def test_tables_hold_years_past_2262():
    # Core accepts years up to 9000; nanosecond timestamps would stop at 2262.
    sc = billsim.examples()["seed002_prepaid"]
    text = json.dumps(sc).replace("2026-", "2300-")
    report = billsim.simulate(text)
    assert report.invoices["issued_at"].iloc[0] == datetime(2300, 4, 1, tzinfo=UTC)
