"""Red-flag suite: every emergency must reach `emergency` or above; report over-triage of look-alikes.

Cases are JSONL lines of ``{"text","age","sex","pregnant","expected","note"}`` with ``expected``
``"emergency"`` or ``"not_emergency"`` (schema ``knowledge.schemas.RedFlagCase``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.schemas import RedFlagCase
from preconsult.triage import TriageEngine, TriageRequest
from preconsult.triage.models import URGENCY_RANK

__all__ = ["RedFlagReport", "evaluate_redflags", "load_cases"]


def load_cases(path: Path) -> list[RedFlagCase]:
    cases: list[RedFlagCase] = []
    with path.open(encoding="utf-8") as fp:
        for lineno, line in enumerate(fp, 1):
            if line.strip():
                try:
                    cases.append(RedFlagCase.model_validate(json.loads(line)))
                except ValueError as exc:
                    raise ValueError(f"{path}:{lineno}: {exc}") from exc
    return cases


@dataclass
class RedFlagReport:
    emergencies: int = 0
    caught: int = 0
    lookalikes: int = 0
    over_triaged: int = 0
    missed: list[tuple[RedFlagCase, str]] = field(default_factory=list)
    over: list[tuple[RedFlagCase, str, list[str]]] = field(default_factory=list)

    def lines(self, show: int = 20) -> list[str]:
        pct = lambda a, b: f"{100 * a / b:.1f}%" if b else "n/a"  # noqa: E731
        out = [
            f"emergencies caught: {self.caught}/{self.emergencies} ({pct(self.caught, self.emergencies)})",
            f"over-triage (look-alikes sent to emergency): {self.over_triaged}/{self.lookalikes} "
            f"({pct(self.over_triaged, self.lookalikes)})",
        ]
        for case, urgency in self.missed[:show]:
            out.append(f"  MISSED [{urgency}] {case.text} ({case.note})")
        for case, urgency, flags in self.over[:show]:
            out.append(f"  over   [{urgency}] {case.text} <- {', '.join(flags)}")
        return out


def evaluate_redflags(engine: TriageEngine, path: Path) -> RedFlagReport:
    report = RedFlagReport()
    for case in load_cases(path):
        result = engine.assess(
            TriageRequest(text=case.text, age=case.age, sex=case.sex, pregnant=case.pregnant)
        )
        emergency = URGENCY_RANK[result.urgency] >= URGENCY_RANK["emergency"]
        if case.expected == "emergency":
            report.emergencies += 1
            report.caught += emergency
            if not emergency:
                report.missed.append((case, result.urgency))
        else:
            report.lookalikes += 1
            report.over_triaged += emergency
            if emergency:
                report.over.append((case, result.urgency, [f.id for f in result.red_flags]))
    return report
