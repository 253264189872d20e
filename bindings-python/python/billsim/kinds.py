"""Stable names the report uses (tests keep these in step with core's lists).

>>> "samples_blocked" in REJECTION_CODES
True
"""

from __future__ import annotations

from typing import Literal, get_args

RejectionCode = Literal[
    "no_active_subscription",
    "consumable_before_subscription",
    "access_requires_support",
    "samples_blocked",
    "insufficient_credits",
    "storage_cap_exceeded",
    "not_available_on_tier",
    "prepaid_not_allowed",
    "not_enough_storage",
    "unknown_order",
    "no_public_account",
    "order_not_visible",
    "not_administrator",
    "already_registered",
    "region_required",
    "wrong_tenancy",
    "requires_ica_same_admin",
    "access_restricted",
]
"""Why an event was rejected (``report.rejections.code``)."""

NotificationKind = Literal[
    "budget_threshold",
    "low_balance",
    "invoice",
    "source_depleted",
    "switched_to_postpaid",
    "switched_to_prefunded",
    "open_po_expired",
    "promotional_expired",
    "samples_depleted",
    "usage_blocked",
    "subscription_expiring",
    "subscription_expired",
    "registration_confirmation",
    "welcome",
    "admin_invitation",
    "user_invitation",
]
"""What a notification is about (``report.notifications.kind``)."""

REJECTION_CODES: tuple[str, ...] = get_args(RejectionCode)
NOTIFICATION_KINDS: tuple[str, ...] = get_args(NotificationKind)
