"""The pharmacy's reply: the router's ``Reply`` plus the drugs it is about and a handoff reason."""

from __future__ import annotations

from typing import Any

from preconsult.answers.models import Citation, Reply

__all__ = ["Citation", "PharmacyReply"]


class PharmacyReply(Reply):
    """A ``Reply`` (same REST shape) that also says which drugs it covered and why it handed off."""

    drugs: list[str] = []
    handoff_reason: str | None = None

    def to_api(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude={"drugs", "handoff_reason"})
