"""Body part + quality phrases ("嘴巴特别干", "关节酸疼") are read like body part + pain."""

from __future__ import annotations

from preconsult.triage import TriageRequest, get_engine


def _ids(text: str) -> set[str]:
    return {s.id for s in get_engine().assess(TriageRequest(text=text)).symptoms if not s.negated}


def test_a_quality_with_an_intensifier_is_found() -> None:
    assert "dry_mouth" in _ids("嘴巴特别干")


def test_a_quality_is_passed_over_to_the_pain_it_qualifies() -> None:
    assert "multiple_joint_pain" in _ids("全身关节酸疼")


def test_dry_mouth_and_eyes_together_route_as_sicca() -> None:
    result = get_engine().assess(
        TriageRequest(text="嘴巴特别干，吃东西要喝水才咽得下去，眼睛也干涩"), canonical=True
    )
    assert result.departments[0].code == "03.08"
