"""The command line, run as a user would (subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys

import billsim


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "billsim", *args], capture_output=True, text=True, input=stdin, check=False
    )


def test_run_table_shows_months_invoices_and_notifications():
    result = cli("run", "seed002_postpaid")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "tenant",
        "month",
        "usage",
        "compute",
        "drawdown",
        "prepaid-1",
        "post-paid",
        "invoice",
    ]
    assert lines[1].split()[-2:] == ["1240", "1240"]
    assert lines[2].split()[-3:] == ["500", "740", "740"]
    assert "Notifications (6):" in result.stdout and "Rejections (0):" in result.stdout


def test_run_json_is_canonical():
    result = cli("run", "seed002_prepaid", "--format", "json")
    assert result.returncode == 0
    assert result.stdout.rstrip("\n") == billsim.simulate_json(billsim.example_text("seed002_prepaid"))


def test_run_csv_and_out_dir(tmp_path):
    result = cli("run", "seed002_prepaid", "--format", "csv", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("Date,Tenant,Product,Usage Type")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["ledger.csv", "report.json", "report.png", "statements.csv"]


def test_run_from_file_and_stdin(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(billsim.example_text("seed002_prepaid"))
    from_file = cli("run", str(path), "--format", "json").stdout
    from_stdin = cli("run", "-", "--format", "json", stdin=path.read_text()).stdout
    assert from_file == from_stdin and json.loads(from_file)["invoices"][0]["total"] == "550"


def test_invalid_scenario_exits_2_with_code_path_message(tmp_path):
    sc = billsim.examples()["seed002_prepaid"]
    sc["events"][1]["amount"] = 12.5
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(sc))
    for command in ("run", "validate"):
        result = cli(command, str(path))
        assert result.returncode == 2
        assert result.stderr.startswith("float_money /events/1/amount: ")


def test_missing_file_exits_2():
    result = cli("run", "no/such/file.json")
    assert result.returncode == 2 and "no/such/file.json" in result.stderr


def test_a_file_that_is_not_utf8_exits_2_with_its_code(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"start": "2026-03-01", "name": "café"}'.encode("latin-1"))
    result = cli("run", str(path))
    assert result.returncode == 2
    assert result.stderr.startswith("invalid_json : the scenario file cannot be read: ")


def test_validate_examples_schema():
    assert cli("validate", "default").stdout == "ok\n"
    listing = cli("examples").stdout
    assert listing.startswith("default ") and "seed002_prepaid" in listing
    assert (
        cli("examples", "seed002_prepaid").stdout.rstrip() == billsim.example_text("seed002_prepaid").rstrip()
    )
    assert json.loads(cli("schema").stdout)["type"] == "object"
    assert "ledger" in json.loads(cli("schema", "--report").stdout)["properties"]


def test_console_script_is_installed():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import shutil, sys; print(shutil.which('billsim', path=sys.argv[1]))",
            str(__import__("pathlib").Path(sys.executable).parent),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip().endswith("billsim")


def test_compare_and_mc(tmp_path):
    bigger = billsim.examples()["seed002_prepaid"]
    bigger["events"][1]["amount"] = "1500"
    path = tmp_path / "bigger.json"
    path.write_text(json.dumps(bigger))
    result = cli("compare", "seed002_prepaid", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["totals"]["invoiced"] == {"a": "550", "b": "50", "delta": "-500"}
    table = cli("compare", "seed002_prepaid", str(path)).stdout
    assert "invoiced" in table.splitlines()[4] and table.splitlines()[4].split()[-1] == "-500"
    mc = cli("mc", "seed002_prepaid", "--runs", "8", "--seed", "3", "--format", "json")
    assert mc.returncode == 0 and json.loads(mc.stdout)["runs"] == 8
    assert cli("mc", "seed002_prepaid", "--runs", "8").stdout.startswith("8 paths, seed 0")


def test_run_table_shows_a_rejection_of_event_0(tmp_path):
    # Event index 0 is a real index, not a blank.
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"start": "2026-03-01", "until": "2026-03-31", "tenants": [{"id": "lab"}],
                                "events": [{"at": "2026-03-02", "type": "charge", "tenant": "lab", "usage_type": "compute", "amount": "5"}]}))
    result = cli("run", str(path))
    assert result.returncode == 0, result.stderr
    line = result.stdout.split("Rejections (1):\n")[1].splitlines()[0]
    assert line.split()[:3] == ["2026-03-02T00:00Z", "0", "no_active_subscription"]
