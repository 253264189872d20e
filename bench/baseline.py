"""The plain-Python baseline of `make bench`: the billing a notebook user would
write by hand with Python's ``decimal`` for one fixed scenario, checked to give
exactly billsim's invoices on it, and timed against billsim.

The scenario (one ICA Enterprise domain, March 2026 to February 2027):

- 1,500 iCredits pre-paid on 1 March 09:00;
- a 2,500 iCredit Open PO registered on 15 June 09:00, expiring 30 September
  (it pays first: earliest expiry first; unused credit is lost at expiry);
- storage of 2.4 TB from 1 March 09:00, set 0.3 TB higher on the 1st of each
  month, tabulated daily at 23:59 on a 30-day month above the 1 TB allowance
  (22.5 iCredits per TB-month);
- three compute runs every weekday (10:00, 13:00, 16:00) at 3 iCredits per
  node hour, 1-2 nodes, 20-200 minutes;
- usage the pre-funding cannot pay is billed post-paid; each month's post-paid
  total is invoiced rounded up to the whole iCredit.

    .venv/bin/python bench/baseline.py --write FILE   # the scenario as billsim JSON
    .venv/bin/python bench/baseline.py --check        # assert: same invoices as billsim
    .venv/bin/python bench/baseline.py BUDGET_S MAX_SAMPLES   # check, then time; one JSON line
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import sys
import time
from decimal import ROUND_CEILING, Decimal
from pathlib import Path

START, UNTIL = dt.date(2026, 3, 1), dt.date(2027, 2, 28)
TENANT = "lab.Illumina.com"
PREPAID = (dt.datetime(2026, 3, 1, 9, 0), Decimal(1500))
OPEN_PO = (dt.datetime(2026, 6, 15, 9, 0), Decimal(2500), dt.date(2026, 9, 30))
STORAGE_START_TB, STORAGE_STEP_TB = Decimal("2.4"), Decimal("0.3")
RATE_PER_NODE_HOUR = Decimal(3)
STORAGE_PER_TB_MONTH, STORAGE_MONTH_DAYS, ALLOWANCE_TB = Decimal("22.5"), 30, Decimal(1)


def days() -> list[dt.date]:
    return [START + dt.timedelta(days=i) for i in range((UNTIL - START).days + 1)]


def compute_runs() -> list[tuple[dt.datetime, int, int]]:
    """(start, nodes, minutes) of every compute run."""
    runs = []
    i = 0
    for day in days():
        if day.weekday() >= 5:
            continue
        for hour in (10, 13, 16):
            runs.append((dt.datetime(day.year, day.month, day.day, hour), 1 + i % 2, 20 + (i * 37) % 181))
            i += 1
    return runs


def storage_steps() -> list[tuple[dt.datetime, Decimal]]:
    """(instant, TB stored from then on): 1 March 09:00, then each 1st at 09:00."""
    steps = []
    tb = STORAGE_START_TB
    for day in days():
        if day.day == 1:
            steps.append((dt.datetime(day.year, day.month, 1, 9, 0), tb))
            tb += STORAGE_STEP_TB
    return steps


def scenario() -> dict:
    """The same scenario as billsim JSON."""

    def at(t: dt.datetime) -> str:
        return t.strftime("%Y-%m-%dT%H:%M")

    events: list[dict] = [
        {
            "at": START.isoformat(),
            "type": "subscribe",
            "tenant": TENANT,
            "product": "ica_enterprise",
            "ends": UNTIL.isoformat(),
        },
        {"at": at(PREPAID[0]), "type": "prepaid", "tenant": TENANT, "amount": str(PREPAID[1]), "id": "prepaid"},
        {
            "at": at(OPEN_PO[0]),
            "type": "open_po",
            "tenant": TENANT,
            "amount": str(OPEN_PO[1]),
            "expires": OPEN_PO[2].isoformat(),
            "id": "po",
        },
    ]
    events += [{"at": at(t), "type": "storage", "tenant": TENANT, "tb": str(tb)} for t, tb in storage_steps()]
    events += [
        {
            "at": at(t),
            "type": "compute",
            "tenant": TENANT,
            "per_node_hour": str(RATE_PER_NODE_HOUR),
            "nodes": n,
            "minutes": m,
        }
        for t, n, m in compute_runs()
    ]
    return {"start": START.isoformat(), "until": UNTIL.isoformat(), "tenants": [{"id": TENANT}], "events": events}


# ---- the notebook version ---------------------------------------------------------


def plain_python() -> list[dict]:
    """Invoices computed by hand, the way a notebook would: walk the days,
    charge each day's compute runs and then the day's storage, draw each
    charge from the live pre-funded sources (earliest expiry first), bill the
    rest post-paid, and close each month with a rounded-up invoice."""
    sources = []  # dicts: name, remaining, valid_from, expires (first instant no longer valid)
    runs_by_day: dict[dt.date, list] = {}
    for t, nodes, minutes in compute_runs():
        runs_by_day.setdefault(t.date(), []).append((t, nodes, minutes))
    steps = storage_steps()
    invoices = []
    month_lines: dict[str, Decimal] = {}
    storage_tb = Decimal(0)

    def charge(at: dt.datetime, usage: str, amount: Decimal) -> None:
        left = amount
        live = [
            s
            for s in sources
            if s["remaining"] > 0 and s["valid_from"] <= at and (s["expires"] is None or at < s["expires"])
        ]
        live.sort(key=lambda s: (s["expires"] is None, s["expires"] or at))
        for s in live:
            if left == 0:
                break
            take = min(left, s["remaining"])
            s["remaining"] -= take
            left -= take
        if left > 0:
            month_lines[usage] = month_lines.get(usage, Decimal(0)) + left

    for day in days():
        noon = dt.datetime(day.year, day.month, day.day)
        # Funding and storage changes registered today (all at 09:00, before any run).
        if noon.date() == PREPAID[0].date():
            sources.append({"name": "prepaid", "remaining": PREPAID[1], "valid_from": PREPAID[0], "expires": None})
        if noon.date() == OPEN_PO[0].date():
            expires = dt.datetime.combine(OPEN_PO[2] + dt.timedelta(days=1), dt.time())
            sources.append({"name": "po", "remaining": OPEN_PO[1], "valid_from": OPEN_PO[0], "expires": expires})
        for t, tb in steps:
            if t.date() == day:
                storage_tb = tb
        for t, nodes, minutes in runs_by_day.get(day, []):
            charge(t, "compute", RATE_PER_NODE_HOUR * nodes * minutes / 60)
        billable = max(storage_tb - ALLOWANCE_TB, Decimal(0))
        charge(
            dt.datetime(day.year, day.month, day.day, 23, 59),
            "storage",
            billable * STORAGE_PER_TB_MONTH / STORAGE_MONTH_DAYS,
        )
        if day.day == calendar.monthrange(day.year, day.month)[1]:
            exact = sum(month_lines.values(), Decimal(0))
            if exact > 0:
                invoices.append(
                    {
                        "period": f"{day.year}-{day.month:02d}",
                        "exact_total": exact,
                        "total": exact.quantize(Decimal(1), rounding=ROUND_CEILING),
                        "lines": dict(month_lines),
                    }
                )
            month_lines = {}
    return invoices


# ---- check and time against billsim -----------------------------------------------


def billsim_invoices(text: str) -> list[dict]:
    from billsim import _billsim

    report = json.loads(_billsim.simulate_json(text, '{"detail": "monthly"}'))
    assert not report["rejections"], report["rejections"]
    return [
        {
            "period": inv["period"],
            "exact_total": Decimal(inv["exact_total"]),
            "total": Decimal(inv["total"]),
            "lines": {line["usage_type"]: Decimal(line["amount"]) for line in inv["lines"]},
        }
        for inv in report["invoices"]
    ]


def check(text: str) -> list[dict]:
    ours, theirs = plain_python(), billsim_invoices(text)
    assert len(ours) >= 6, f"the scenario should produce several invoices, got {len(ours)}"
    assert ours == theirs, f"plain Python and billsim disagree:\n{ours}\n{theirs}"
    return ours


def main() -> None:
    text = json.dumps(scenario())
    if sys.argv[1:2] == ["--write"]:
        Path(sys.argv[2]).write_text(text, encoding="utf-8")
        return
    invoices = check(text)
    if sys.argv[1:2] == ["--check"]:
        for inv in invoices:
            print(inv["period"], inv["exact_total"], inv["total"])
        return
    budget, max_samples = float(sys.argv[1]), int(sys.argv[2])
    plain_python()  # warm-up
    samples: list[int] = []
    start = time.perf_counter()
    while len(samples) < max_samples and (len(samples) < 3 or time.perf_counter() - start < budget):
        t = time.perf_counter_ns()
        plain_python()
        samples.append(time.perf_counter_ns() - t)
    events = len(scenario()["events"])
    print(
        json.dumps(
            {
                "front": "plain-python",
                "case": "baseline",
                "events": events,
                "invoices": len(invoices),
                "invoiced_total": str(sum(i["total"] for i in invoices)),
                "checked": True,
                "measures": {"plain_python": samples},
            }
        )
    )


if __name__ == "__main__":
    main()
