"""Score department routing on a JSONL of ``{text, department}``: top-1/top-3 by label, confusion pairs.

Optional ``age``, ``sex`` ("male"/"female") and ``pregnant`` fields are passed to the engine as
known facts, the way the dialogue form passes them.

Dataset labels are mapped to canonical department codes once, in evals/routing/labels.yml.
Emergencies are routed too (``route_emergencies=True``) so that every row is scored.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from preconsult.triage import TriageEngine, TriageRequest

__all__ = ["LABELS_FILE", "RoutingReport", "evaluate_routing", "load_label_map", "matches_label"]

LABELS_FILE = Path(__file__).resolve().parents[2] / "evals" / "routing" / "labels.yml"


def load_label_map(path: Path = LABELS_FILE) -> dict[str, list[str]]:
    with path.open(encoding="utf-8") as fp:
        data = yaml.safe_load(fp)
    return {str(k): [str(c) for c in v] for k, v in data["labels"].items()}


def matches_label(code: str, accepted: list[str]) -> bool:
    """Whether department ``code`` counts as the label whose accepted codes are ``accepted``."""
    for item in accepted:
        if item.endswith("*"):
            root = item[:-1]
            if code == root or code.startswith(root + "."):
                return True
        elif code == item:
            return True
    return False


@dataclass
class RoutingReport:
    total: int = 0
    top1: int = 0
    top3: int = 0
    by_label: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    unmapped: Counter[str] = field(default_factory=Counter)
    errors: list[tuple[str, str, list[str]]] = field(default_factory=list)

    def lines(self, confusion: int = 15) -> list[str]:
        pct = lambda a, b: f"{100 * a / b:5.1f}%" if b else "  n/a"  # noqa: E731
        out = [
            f"rows {self.total}  top-1 {pct(self.top1, self.total)}  top-3 {pct(self.top3, self.total)}"
        ]
        out.append(f"{'label':<10} {'n':>5} {'top-1':>7} {'top-3':>7}")
        for label, (n, t1, t3) in sorted(self.by_label.items(), key=lambda kv: -kv[1][0]):
            out.append(f"{label:<10} {n:>5} {pct(t1, n):>7} {pct(t3, n):>7}")
        if self.confusion:
            out.append("confusion pairs (label -> top-1 department):")
            for (label, predicted), n in self.confusion.most_common(confusion):
                out.append(f"  {label} -> {predicted}: {n}")
        if self.unmapped:
            out.append(f"labels missing from {LABELS_FILE.name}: {dict(self.unmapped)}")
        return out


def _rows(path: Path) -> Iterable[dict[str, object]]:
    with path.open(encoding="utf-8") as fp:
        for line in fp:
            if line.strip():
                yield json.loads(line)


def _known_facts(row: dict[str, object]) -> dict[str, object]:
    """Age/sex/pregnancy a row states besides its text (as a form would pass them)."""
    facts: dict[str, object] = {}
    age = row.get("age")
    if isinstance(age, int | float) and not isinstance(age, bool):
        facts["age"] = float(age)
    sex = row.get("sex")
    if sex in ("male", "female"):
        facts["sex"] = sex
    elif sex in ("男", "女", "M", "F", "m", "f"):
        facts["sex"] = "male" if sex in ("男", "M", "m") else "female"
    pregnant = row.get("pregnant")
    if isinstance(pregnant, bool):
        facts["pregnant"] = pregnant
    return facts


def evaluate_routing(
    engine: TriageEngine,
    path: Path,
    field_name: str = "text",
    title_field: str | None = "title",
    label_field: str = "department",
    keep_errors: int = 0,
) -> RoutingReport:
    """Run the engine on every row and count top-1/top-3 hits per dataset label."""
    labels = load_label_map()
    report = RoutingReport()
    for row in _rows(path):
        label = str(row.get(label_field, ""))
        if label not in labels:
            report.unmapped[label] += 1
            continue
        text = str(row.get(field_name, ""))
        if title_field and row.get(title_field):
            text = f"{row[title_field]}。{text}"
        request = TriageRequest(text=text, **_known_facts(row))
        result = engine.assess(request, route_emergencies=True, canonical=True)
        codes = [d.code for d in result.departments]
        accepted = labels[label]
        hit1 = bool(codes) and matches_label(codes[0], accepted)
        hit3 = any(matches_label(c, accepted) for c in codes[:3])
        report.total += 1
        report.top1 += hit1
        report.top3 += hit3
        stats = report.by_label[label]
        stats[0] += 1
        stats[1] += hit1
        stats[2] += hit3
        if not hit1:
            predicted = result.departments[0].name if result.departments else "-"
            report.confusion[(label, predicted)] += 1
            if len(report.errors) < keep_errors:
                report.errors.append((label, text, [d.name for d in result.departments]))
    return report
