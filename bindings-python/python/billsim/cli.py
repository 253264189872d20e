"""The ``billsim`` command (also ``python -m billsim``).

    billsim run SCENARIO [--format table|json|csv] [--out DIR] [--detail LEVEL]
    billsim validate SCENARIO
    billsim compare A B [--format table|json]
    billsim mc SCENARIO [--runs N] [--seed S] [--format table|json]
    billsim examples [NAME]
    billsim schema [--report]

SCENARIO is a preset name (``billsim examples``), a JSON file or ``-`` for stdin.
Exit status: 0 on success, 2 on an invalid scenario (``code path: message``
on stderr, one line per issue).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from billsim import _api, export
from billsim._wire import scenario_text
from billsim.comparison import compare
from billsim.errors import BillsimError
from billsim.montecarlo import monte_carlo
from billsim.report import Report

EXIT_INVALID = 2


def _scenario_text(arg: str) -> str:
    if arg == "-":
        return sys.stdin.read()
    presets = _api.examples()
    if arg in presets and not Path(arg).exists():
        return _api.example_text(arg)
    # A file that cannot be read (or is not UTF-8) is a coded error: exit 2, not a traceback.
    return scenario_text(Path(arg))


_COLUMN_ORDER = ["tenant", "month", "usage", "drawdown", "samples", "post-paid", "invoice"]


def monthly_table(report: Report) -> pd.DataFrame:
    """One row per tenant and month: usage by type, drawdown per source, post-paid, invoice.

    Figures are copied from the statements and invoices as they are; nothing is added up here.
    """
    totals = {(i["tenant"], i["period"]): i["total"] for i in report.data["invoices"]}
    rows = []
    for st in report.data["statements"]:
        row = {"tenant": st["tenant"], "month": st["period"]}
        row.update({f"usage {k}": v for k, v in st["usage"].items()})
        row.update({f"drawdown {k}": v for k, v in st["drawdown"].items()})
        row.update({f"samples {k}": v for k, v in st["samples_used"].items()})
        row["post-paid"] = st["postpaid"]
        row["invoice"] = totals.get((st["tenant"], st["period"]), "")
        rows.append(row)
    table = pd.DataFrame(rows)
    grouped = sorted(table.columns, key=lambda c: _COLUMN_ORDER.index(c.split(" ")[0]))
    return table[grouped].fillna("")


def _print_table(report: Report) -> None:
    table = monthly_table(report)
    print(table.to_string(index=False) if len(table) else "(no monthly statements)")
    for title, key, fields in (
        ("Notifications", "notifications", ("at", "tenant", "kind", "to")),
        ("Rejections", "rejections", ("at", "event", "code", "message")),
    ):
        items = report.data[key]
        print(f"\n{title} ({len(items)}):")
        for item in items:
            print("  " + "  ".join("" if item.get(f) is None else str(item.get(f)) for f in fields))


def _cmd_run(args: argparse.Namespace) -> int:
    report = _api.simulate(_scenario_text(args.scenario), detail=args.detail)
    if args.format == "json":
        print(report.to_json())
    elif args.format == "csv":
        export.write_ledger_csv(report, sys.stdout)
    else:
        _print_table(report)
    if args.out:
        out = Path(args.out)
        written = report.write(out)
        chart = out / "report.png"
        report.plot().savefig(chart, dpi=100)
        for path in [*written, chart]:
            print(f"wrote {path}", file=sys.stderr)
    return 0


def _cmd_compare(args: argparse.Namespace) -> int:
    result = compare(_scenario_text(args.a), _scenario_text(args.b))
    if args.format == "json":
        print(result.to_json())
        return 0
    totals = pd.DataFrame(result.data["totals"]).T
    print(totals.to_string())
    if len(result.invoices):
        print("\nInvoices:\n" + result.invoices.to_string(index=False))
    if len(result.dates):
        print("\nDates:\n" + result.dates.to_string(index=False))
    return 0


def _cmd_mc(args: argparse.Namespace) -> int:
    dist = monte_carlo(_scenario_text(args.scenario), runs=args.runs, seed=args.seed)
    if args.format == "json":
        print(dist.to_json())
        return 0
    stats = {name: getattr(dist, name) for name in ("charged", "invoiced", "postpaid")}
    rows = {name: {"mean": s.mean, "min": s.min, "max": s.max, **s.quantiles} for name, s in stats.items()}
    print(f"{dist.runs} paths, seed {dist.seed}\n" + pd.DataFrame(rows).T.to_string())
    print("\nInvoices by month:\n" + dist.invoices_frame().to_string(index=False))
    for d in dist.depletion:
        print(f"depletion {d.key}: share {d.share}, " + ", ".join(f"{k} {v}" for k, v in d.quantiles.items()))
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    _api.validate(_scenario_text(args.scenario))
    print("ok")
    return 0


def _cmd_examples(args: argparse.Namespace) -> int:
    if args.name:
        print(_api.example_text(args.name).rstrip())
        return 0
    for name, scenario in _api.examples().items():
        print(f"{name:32} {scenario.get('name', '')}")
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(_api.schema("report" if args.report else "scenario"), indent=2))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="billsim", description="Exact cloud genomics billing simulation.")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run a scenario and print the monthly table, JSON or ledger CSV")
    run.add_argument("scenario", help="preset name, JSON file, or - for stdin")
    run.add_argument("--format", choices=("table", "json", "csv"), default="table")
    run.add_argument(
        "--out", metavar="DIR", help="also write report.json, ledger.csv, statements.csv and report.png"
    )
    run.add_argument("--detail", choices=("summary", "monthly", "daily", "full"), default="full")
    run.set_defaults(func=_cmd_run)

    comp = sub.add_parser("compare", help="run two scenarios and show b - a")
    comp.add_argument("a", help="preset name, JSON file, or -")
    comp.add_argument("b", help="preset name, JSON file, or -")
    comp.add_argument("--format", choices=("table", "json"), default="table")
    comp.set_defaults(func=_cmd_compare)

    mc = sub.add_parser("mc", help="Monte Carlo quantiles of spend, invoices and depletion dates")
    mc.add_argument("scenario", help="preset name, JSON file, or - for stdin")
    mc.add_argument("--runs", type=int, default=1000)
    mc.add_argument("--seed", type=int, default=0)
    mc.add_argument("--format", choices=("table", "json"), default="table")
    mc.set_defaults(func=_cmd_mc)

    validate = sub.add_parser("validate", help="check a scenario without running it")
    validate.add_argument("scenario", help="preset name, JSON file, or - for stdin")
    validate.set_defaults(func=_cmd_validate)

    examples = sub.add_parser("examples", help="list the presets, or print one")
    examples.add_argument("name", nargs="?")
    examples.set_defaults(func=_cmd_examples)

    schema = sub.add_parser("schema", help="print the scenario JSON Schema")
    schema.add_argument("--report", action="store_true", help="the report's schema instead")
    schema.set_defaults(func=_cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        status: int = args.func(args)
    except BillsimError as err:
        for issue in err.issues:
            print(f"{issue.code} {issue.path}: {issue.message}", file=sys.stderr)
        return EXIT_INVALID
    except (OSError, KeyError) as err:
        print(f"billsim: {err}", file=sys.stderr)
        return EXIT_INVALID
    return status
