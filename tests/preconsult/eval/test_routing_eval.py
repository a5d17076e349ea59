"""`preconsult eval routing` passes the age/sex/pregnancy a row states to the engine."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

from preconsult.eval.routing import evaluate_routing
from preconsult.triage import TriageEngine, TriageRequest, get_engine


class _Recorder:
    """Wraps the real engine and keeps every request it was asked."""

    def __init__(self) -> None:
        self.requests: list[TriageRequest] = []
        self.engine = get_engine()

    def assess(self, request: TriageRequest, **kwargs: Any) -> Any:
        self.requests.append(request)
        return self.engine.assess(request, **kwargs)


def test_row_facts_reach_the_engine(tmp_path: Path) -> None:
    rows = [
        {"text": "发烧咳嗽两天", "department": "儿科", "age": 3, "sex": "male"},
        {"text": "肚子疼", "department": "妇产科", "sex": "female", "pregnant": True},
        {"text": "头疼", "department": "神经科"},
    ]
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    recorder = _Recorder()
    report = evaluate_routing(cast(TriageEngine, recorder), path)
    first, second, third = recorder.requests
    assert (first.age, first.sex, first.pregnant) == (3.0, "male", None)
    assert (second.sex, second.pregnant) == ("female", True)
    assert (third.age, third.sex, third.pregnant) == (None, None, None)
    assert report.by_label["儿科"][1] == 1  # a 3-year-old with fever and cough -> 儿科
