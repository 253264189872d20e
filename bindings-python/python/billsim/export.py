"""Exports in layouts a Usage Explorer user recognises, with exact decimals.

``ledger.csv``: one row per piece of usage and who paid for it, in Usage
Explorer's columns (date, product, usage type, quantity, unit, rate, iCredits,
source). The ledger records iCredits, not what was metered, so product and rate
are blank, and quantity and unit are filled for Samples only.
``statements.csv``: one row per tenant, month and statement item.

>>> import billsim, io
>>> buf = io.StringIO()
>>> write_ledger_csv(billsim.simulate(billsim.examples()["seed002_prepaid"]), buf)
>>> for line in buf.getvalue().splitlines()[:2]:
...     print(line)
Date,Tenant,Product,Usage Type,Quantity,Unit,Rate,iCredits,Source
2026-03-01T12:00Z,coreseqinc.Illumina.com,,compute,,,,50,prepaid-march
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from billsim.report import Report

LEDGER_HEADER = ["Date", "Tenant", "Product", "Usage Type", "Quantity", "Unit", "Rate", "iCredits", "Source"]
STATEMENT_HEADER = ["Tenant", "Period", "Item", "Key", "Amount"]

# Ledger kinds that say who paid for usage (charges split into these).
_PAID_KINDS = ("drawdown", "postpaid", "sample_usage")


def _ledger_rows(wire: Mapping[str, Any]) -> Iterator[list[str]]:
    for row in wire["ledger"]:
        if row["kind"] not in _PAID_KINDS:
            continue
        samples = row["currency"] == "samples"
        yield [
            row["at"],
            row["tenant"],
            "",
            row.get("usage_type") or "",
            row["amount"] if samples else "",
            "Samples" if samples else "",
            "",
            "" if samples else row["amount"],
            row.get("source") or "",
        ]


def write_ledger_csv(report: Report, out: TextIO) -> None:
    """Writes the ledger's usage rows (drawdown, post-paid, Samples used) as CSV."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(LEDGER_HEADER)
    writer.writerows(_ledger_rows(report.data))


def _statement_rows(wire: Mapping[str, Any]) -> Iterator[list[str]]:
    for st in wire["statements"]:
        for item, value in st.items():
            if item in ("tenant", "period"):
                continue
            entries = value.items() if isinstance(value, Mapping) else [("", value)]
            for key, amount in entries:
                yield [st["tenant"], st["period"], item, key, amount]


def write_statements_csv(report: Report, out: TextIO) -> None:
    """Writes the monthly statements in long form (tenant, period, item, key, amount)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STATEMENT_HEADER)
    writer.writerows(_statement_rows(report.data))


def write_all(report: Report, out_dir: Path) -> list[Path]:
    """Writes ``report.json``, ``ledger.csv`` and ``statements.csv``; returns their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / "report.json", out_dir / "ledger.csv", out_dir / "statements.csv"]
    paths[0].write_text(report.to_json() + "\n", encoding="utf-8")
    with paths[1].open("w", encoding="utf-8", newline="") as f:
        write_ledger_csv(report, f)
    with paths[2].open("w", encoding="utf-8", newline="") as f:
        write_statements_csv(report, f)
    return paths
