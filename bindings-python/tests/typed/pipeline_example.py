"""A typed script as a testing pipeline would write it; mypy --strict checks it
against billsim's inline types and the extension's stub (tests/test_stubs.py)."""

from datetime import date, datetime
from decimal import Decimal

import billsim
from billsim.testing import assert_invoice_total, assert_no_rejections


def march_invoice(amount: Decimal) -> Decimal | None:
    scenario = billsim.examples()["seed002_prepaid"]
    scenario["events"][1]["amount"] = amount
    report: billsim.Report = billsim.simulate(scenario, detail="monthly")
    return report.invoice_total("coreseqinc.Illumina.com", "2026-03")


def depleted(report: billsim.Report) -> datetime | None:
    tenant: billsim.TenantSummary = report.summary.tenant("coreseqinc.Illumina.com")
    return tenant.source("prepaid-march").depleted_at


def main() -> None:
    report = billsim.simulate(billsim.example_text("seed002_prepaid"))
    assert_invoice_total(report, "coreseqinc.Illumina.com", "2026-03", 550)
    assert_no_rejections(report)
    sim = billsim.Simulation(billsim.examples()["seed002_prepaid"])
    sim.advance_to(date(2026, 3, 16))
    left: Decimal = sim.balances()[0].source("prepaid-march").remaining
    dist: billsim.Distribution = billsim.monte_carlo(
        billsim.example_text("seed002_prepaid"), runs=4, progress=False
    )
    p50: Decimal = dist.charged.quantiles["p50"]
    try:
        billsim.validate("{")
    except billsim.BillsimError as err:
        code: billsim.ErrorCode = err.code
        print(code, err.path, err.message, [i.code for i in err.issues])
    print(march_invoice(Decimal("1500")), depleted(report), left, p50)


if __name__ == "__main__":
    main()
