"""`preconsult eval pharmacy`: fact accuracy, handoff precision/recall and the no-invented-dose check.

Question file (JSONL): {"question", "locale", "drugs": [ids], "expected_kind": "answer"|"handoff",
"must_contain": [facts], "note", optional "session_drugs": [ids]}. A dose check parses every
number-with-unit in an answer (mg, g, ml, 片, 粒, 袋, 支, 滴, 次, 日, 天, kg ...) and requires the same
number and unit somewhere in the label entries the answer cites.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from preconsult.pharmacy.engine import Pharmacist
from preconsult.pharmacy.loader import DrugBook

__all__ = [
    "PharmacyEvalReport",
    "dose_mentions",
    "evaluate_pharmacy",
    "load_questions",
    "unlabelled_doses",
]

_UNITS = r"mg|μg|ug|g|ml|kg|iu|单位|片|粒|袋|支|滴|揿|喷|丸|汤匙|次|日|天"
_DOSE = re.compile(
    rf"(\d+(?:\.\d+)?)(?:\s*[～~\-－至到]\s*(\d+(?:\.\d+)?))?\s*({_UNITS})",
    re.IGNORECASE,
)


def dose_mentions(text: str) -> set[tuple[str, str]]:
    """Every (number, unit) pair in ``text``; a range like 1～2片 yields both ends."""
    found: set[tuple[str, str]] = set()
    for match in _DOSE.finditer(text):
        unit = match.group(3).lower()
        for number in (match.group(1), match.group(2)):
            if number:
                found.add((number.rstrip("0").rstrip(".") if "." in number else number, unit))
    return found


def _label_text(book: DrugBook, drug_ids: Iterable[str]) -> str:
    parts = []
    for drug_id in drug_ids:
        drug = book.drugs.get(drug_id)
        if drug is not None:
            parts.append(json.dumps(drug.model_dump(by_alias=True), ensure_ascii=False))
    return "\n".join(parts)


def unlabelled_doses(book: DrugBook, answer: str, cited: Iterable[str]) -> set[tuple[str, str]]:
    """Dose numbers in ``answer`` that none of the cited label entries contain."""
    allowed = dose_mentions(_label_text(book, cited))
    return dose_mentions(answer) - allowed


@dataclass
class PharmacyEvalReport:
    total: int = 0
    kind_correct: int = 0
    fact_cases: int = 0
    fact_correct: int = 0
    drug_cases: int = 0
    drug_correct: int = 0
    handoff_tp: int = 0
    handoff_fp: int = 0
    handoff_fn: int = 0
    answers: int = 0
    answers_cited: int = 0
    dose_violations: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    by_locale: dict[str, list[int]] = field(default_factory=dict)

    @staticmethod
    def _pct(num: int, den: int) -> str:
        return f"{num / den:.1%}" if den else "n/a"

    def lines(self, show: int = 20) -> list[str]:
        tp, fp, fn = self.handoff_tp, self.handoff_fp, self.handoff_fn
        out = [
            f"questions        n={self.total}  expected kind={self._pct(self.kind_correct, self.total)}",
            f"fact accuracy    {self.fact_correct}/{self.fact_cases} answers contain every must_contain fact "
            f"= {self._pct(self.fact_correct, self.fact_cases)}",
            f"drug detection   {self.drug_correct}/{self.drug_cases} = {self._pct(self.drug_correct, self.drug_cases)}",
            f"handoff          precision={self._pct(tp, tp + fp)}  recall={self._pct(tp, tp + fn)}  (tp={tp} fp={fp} fn={fn})",
            f"citations        {self.answers_cited}/{self.answers} answers cite a drug entry",
            f"dose check       {len(self.dose_violations)} answers contain a dose number not on the cited label",
        ]
        for locale, (ok, n) in sorted(self.by_locale.items()):
            out.append(f"  {locale}: {ok}/{n} fully correct")
        out += [f"  DOSE {v}" for v in self.dose_violations[:show]]
        out += [f"  FAIL {f}" for f in self.failures[:show]]
        return out


def load_questions(path: Path) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not valid JSON ({exc})") from exc
    return rows


def evaluate_pharmacy(pharmacist: Pharmacist, rows: list[dict[str, Any]]) -> PharmacyEvalReport:
    """Run every question through ``pharmacist.answer`` (channel kiosk) and score it."""
    report = PharmacyEvalReport()
    book = pharmacist.book
    for row in rows:
        question, locale = row["question"], row.get("locale", "zh-CN")
        expected = row["expected_kind"]
        reply = pharmacist.answer(question, locale, "kiosk", session_drugs=row.get("session_drugs"))
        kind = reply.kind if reply is not None else "none"
        text = reply.answer if reply is not None else ""
        cited = [c.id.removeprefix("drug:") for c in reply.citations] if reply is not None else []
        report.total += 1
        ok = kind == expected
        report.kind_correct += ok
        if expected == "handoff" and kind == "handoff":
            report.handoff_tp += 1
        elif kind == "handoff":
            report.handoff_fp += 1
        elif expected == "handoff":
            report.handoff_fn += 1
        facts = row.get("must_contain") or []
        if expected == "answer" and facts:
            report.fact_cases += 1
            missing = [f for f in facts if f not in text]
            if kind == "answer" and not missing:
                report.fact_correct += 1
            else:
                ok = False
                report.failures.append(f"{question!r}: kind={kind} missing={missing}")
        elif not ok:
            report.failures.append(f"{question!r}: expected {expected}, got {kind}")
        expected_drugs = row.get("drugs") or []
        if expected_drugs:
            report.drug_cases += 1
            found = set(pharmacist.mentions(question)) | set(
                reply.drugs if reply is not None else []
            )
            if set(expected_drugs) <= found:
                report.drug_correct += 1
            else:
                ok = False
                report.failures.append(f"{question!r}: drugs {sorted(found)} lack {expected_drugs}")
        if kind == "answer":
            report.answers += 1
            report.answers_cited += bool(cited)
        if reply is not None:
            bad = unlabelled_doses(book, text, cited)
            if bad:
                report.dose_violations.append(f"{question!r}: {sorted(bad)}")
        stats = report.by_locale.setdefault(locale, [0, 0])
        stats[0] += ok
        stats[1] += 1
    return report
