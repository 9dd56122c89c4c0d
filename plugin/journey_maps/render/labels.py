"""The words shown for the format's enumerated values (translated where they are placed)."""

from __future__ import annotations

from .. import model
from ..i18n import N_

MAP_TYPE_LABELS = {
    "current-state": N_("Current state"),
    "future-state": N_("Future state"),
    "day-in-the-life": N_("Day in the life"),
    "service-blueprint": N_("Service blueprint"),
}
LEVEL_LABELS = {"low": N_("Low"), "medium": N_("Medium"), "high": N_("High"), "critical": N_("Critical")}
"""Severity of a pain point, impact and effort of an opportunity."""
SEGMENT_LABELS = {"b2c": N_("B2C"), "b2b": N_("B2B")}
KIND_LABELS = {"online": N_("Online"), "offline": N_("Offline")}
CADENCE_LABELS = {"monthly": N_("monthly"), "quarterly": N_("quarterly"), "yearly": N_("yearly")}
BUILTIN_NAMES = {c.id: c.name for c in model.BUILTIN_CHANNELS}
