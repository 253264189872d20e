"""billsim: exact simulation of cloud genomics registration and usage billing
(iCredits and Samples). Every number comes from the Rust core; this package
turns it into ``Decimal``, ``datetime`` and pandas.

>>> import billsim
>>> report = billsim.simulate(billsim.examples()["seed002_postpaid"])
>>> report.invoice_total("no-prefunding.Illumina.com", "2026-03")
Decimal('1240')
"""

from billsim._api import Detail, example_text, examples, schema, simulate, simulate_json, validate
from billsim._billsim import __version__
from billsim.comparison import Comparison, compare
from billsim.errors import BillsimError, ErrorCode, Issue, LimitError, ValidationError
from billsim.forecasting import Forecast, forecast
from billsim.kinds import NotificationKind, RejectionCode
from billsim.montecarlo import DateStats, Distribution, Stats, monte_carlo
from billsim.report import Report, as_float
from billsim.simulation import Simulation
from billsim.summary import SampleSummary, SourceSummary, Summary, TenantSummary

__all__ = [
    "BillsimError",
    "Comparison",
    "DateStats",
    "Detail",
    "Distribution",
    "ErrorCode",
    "Forecast",
    "Issue",
    "LimitError",
    "NotificationKind",
    "RejectionCode",
    "Report",
    "SampleSummary",
    "Simulation",
    "SourceSummary",
    "Stats",
    "Summary",
    "TenantSummary",
    "ValidationError",
    "__version__",
    "as_float",
    "compare",
    "example_text",
    "examples",
    "forecast",
    "monte_carlo",
    "schema",
    "simulate",
    "simulate_json",
    "validate",
]
