"""The report's summary as typed, frozen objects (money ``Decimal``, times UTC).

>>> import billsim
>>> s = billsim.simulate(billsim.examples()["seed002_prepaid"]).summary
>>> src = s.tenant("coreseqinc.Illumina.com").source("prepaid-march")
>>> src.remaining, src.depleted_at.isoformat()
(Decimal('0'), '2026-03-20T12:00:00+00:00')
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from billsim._wire import row_converter

T = TypeVar("T")


def _build(cls: type[T], def_name: str, wire: Mapping[str, Any]) -> T:
    """Builds ``cls`` from one object of the report schema's ``def_name``."""
    values = row_converter(def_name)(wire)
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in values.items() if k in names})


@dataclass(frozen=True)
class SourceSummary:
    """A pre-funded iCredit source (pre-paid, Open PO, promotional, free trial)."""

    id: str
    kind: str
    quantity: Decimal
    used: Decimal
    remaining: Decimal
    valid_from: datetime
    expires_at: datetime | None
    depleted_at: datetime | None
    expired_at: datetime | None


@dataclass(frozen=True)
class SampleSummary:
    """Samples of one type: bought, used, left, blocked."""

    sample_type: str
    purchased: Decimal
    used: Decimal
    remaining: Decimal
    depleted_at: datetime | None
    blocked: Decimal


@dataclass(frozen=True)
class TenantSummary:
    """One workgroup or domain at the end of the run (or now, in the step API)."""

    tenant: str
    admin: str | None
    users: tuple[str, ...]
    sources: tuple[SourceSummary, ...]
    postpaid_since: datetime | None
    month_to_date_postpaid: Decimal
    invoiced: Decimal
    icredits_by_usage: dict[str, Decimal]
    icredits_charged: Decimal
    icredits_prefunded: Decimal
    icredits_postpaid: Decimal
    samples: tuple[SampleSummary, ...]
    storage_tb: Decimal
    archive_tb: Decimal

    @classmethod
    def from_wire(cls, wire: Mapping[str, Any]) -> TenantSummary:
        """From one ``TenantSummary`` object of the report JSON."""
        t = _build(cls, "TenantSummary", wire)
        sources = tuple(_build(SourceSummary, "SourceSummary", s) for s in wire["sources"])
        samples = tuple(_build(SampleSummary, "SampleSummary", s) for s in wire["samples"])
        return dataclasses.replace(t, users=tuple(wire["users"]), sources=sources, samples=samples)

    def source(self, source_id: str) -> SourceSummary:
        """The funding source with this id (``KeyError`` if there is none)."""
        for s in self.sources:
            if s.id == source_id:
                return s
        raise KeyError(source_id)


@dataclass(frozen=True)
class Summary:
    """Totals of the run and one :class:`TenantSummary` per tenant."""

    start: date
    until: date
    tenants: tuple[TenantSummary, ...]
    icredits_charged: Decimal
    invoiced: Decimal
    rejections: int

    @classmethod
    def from_wire(cls, wire: Mapping[str, Any]) -> Summary:
        """From the ``summary`` object of the report JSON."""
        s = _build(cls, "Summary", wire)
        return dataclasses.replace(s, tenants=tuple(TenantSummary.from_wire(t) for t in wire["tenants"]))

    def tenant(self, name: str) -> TenantSummary:
        """The tenant with this id (``KeyError`` if there is none)."""
        for t in self.tenants:
            if t.tenant == name:
                return t
        raise KeyError(name)
