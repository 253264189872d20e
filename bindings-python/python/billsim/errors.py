"""Errors raised by billsim: one type with a stable ``code``, a JSON-pointer ``path``
into the scenario and a ``message`` for people.

>>> import billsim
>>> try:
...     billsim.simulate("{")
... except billsim.ValidationError as err:
...     print(err.code, repr(err.path))
invalid_json ''
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

ErrorCode = Literal[
    "invalid_json",
    "unknown_field",
    "missing_field",
    "invalid_value",
    "float_money",
    "invalid_amount",
    "negative_amount",
    "invalid_time",
    "end_before_start",
    "horizon_too_long",
    "too_many_events",
    "out_of_horizon",
    "unknown_tenant",
    "unknown_product",
    "unknown_sample_type",
    "unknown_app",
    "duplicate_id",
    "invalid_string",
    "invalid_email",
    "unknown_region",
    "overflow",
    "limit_exceeded",
    "cancelled",
]
"""Every error code core can give, in core's order (a test keeps them in step)."""


@dataclass(frozen=True)
class Issue:
    """One problem with the input: ``code``, ``path`` (JSON pointer) and ``message``."""

    code: ErrorCode
    path: str
    message: str


class BillsimError(ValueError):
    """Any error billsim raises for its input.

    Attributes mirror core's error: ``code`` (stable snake_case), ``path`` (JSON
    pointer such as ``/events/3/at``, empty for the whole document), ``message``
    and ``issues`` (every problem found, the first one naming the error).
    """

    code: ErrorCode
    path: str
    message: str
    issues: tuple[Issue, ...]

    def __init__(self, code: ErrorCode, path: str, message: str, issues: tuple[Issue, ...] = ()) -> None:
        super().__init__(f"{code} {path}: {message}" if path else f"{code}: {message}")
        self.code = code
        self.path = path
        self.message = message
        self.issues = issues or (Issue(code, path, message),)

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt from its fields, so it crosses process pools (pickle) and copies.
        return (type(self), (self.code, self.path, self.message, self.issues))


class ValidationError(BillsimError):
    """The scenario (or an event, a time) is not valid: fix the input at ``path``."""


class LimitError(BillsimError):
    """The input is valid but beyond a limit: ``horizon_too_long`` (over 50 years),
    ``too_many_events`` (events, or events profiles generate), ``overflow`` (a
    charge beyond 10^20 iCredits) or ``limit_exceeded`` (tenants, tenant-days,
    Monte Carlo runs or input size). An amount out of range is not a limit:
    a :class:`ValidationError`."""


def from_core(error_json: str, limit: bool) -> BillsimError:
    """Builds the exception for core's canonical error JSON (called by the extension).

    >>> err = from_core('{"code":"invalid_time","path":"/start","message":"bad","issues":[]}', False)
    >>> type(err).__name__, str(err)
    ('ValidationError', 'invalid_time /start: bad')
    """
    wire = json.loads(error_json)
    issues = tuple(Issue(i["code"], i["path"], i["message"]) for i in wire["issues"])
    cls = LimitError if limit else ValidationError
    return cls(wire["code"], wire["path"], wire["message"], issues)
