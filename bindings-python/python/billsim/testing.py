"""Assertions for test pipelines that check a billing integration against billsim.

Each raises ``AssertionError`` with the figures involved, so plain pytest shows them.

>>> import billsim
>>> from billsim.testing import assert_invoice_total, assert_no_rejections
>>> report = billsim.simulate(billsim.examples()["seed002_postpaid"])
>>> assert_invoice_total(report, "prefunded-500.Illumina.com", "2026-03", 740)
>>> assert_no_rejections(report)
"""

from __future__ import annotations

from decimal import Decimal

from billsim._wire import TimeLike, to_time
from billsim.report import Report


def _exact(value: Decimal | int | str) -> Decimal:
    if isinstance(value, float):
        raise TypeError("pass money as Decimal, int or str, not float")
    return Decimal(value)


def assert_invoice_total(report: Report, tenant: str, period: str, total: Decimal | int | str) -> None:
    """The invoice of ``tenant`` for ``period`` (``"2026-03"``) totals ``total`` (rounded up)."""
    actual = report.invoice_total(tenant, period)
    if actual is None:
        issued = [(i["tenant"], i["period"], i["total"]) for i in report.section("invoices")]
        raise AssertionError(f"no invoice for {tenant} {period}; invoices: {issued}")
    if actual != _exact(total):
        raise AssertionError(f"invoice {tenant} {period}: total {actual}, expected {_exact(total)}")


def assert_no_rejections(report: Report) -> None:
    """No event of the run was rejected."""
    rejections = report.section("rejections")
    if rejections:
        lines = "; ".join(f"{r['at']} event {r['event']}: {r['code']}: {r['message']}" for r in rejections)
        raise AssertionError(f"{len(rejections)} rejection(s): {lines}")


def assert_rejected(report: Report, code: str, event: int | str | None = None) -> None:
    """Some event (or the given event index) was rejected with ``code``."""
    found = [r for r in report.section("rejections") if r["code"] == code and event in (None, r["event"])]
    if not found:
        seen = [(r["event"], r["code"]) for r in report.section("rejections")]
        raise AssertionError(f"no rejection {code} (event {event}); rejections: {seen}")


def assert_depleted_at(report: Report, tenant: str, source: str, at: TimeLike) -> None:
    """The funding source ``source`` of ``tenant`` reached zero at ``at`` (UTC)."""
    actual = report.summary.tenant(tenant).source(source).depleted_at
    expected = to_time(at)
    if actual != expected:
        raise AssertionError(f"{tenant} {source}: depleted at {actual}, expected {expected}")
