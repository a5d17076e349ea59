"""The semantic back-off: nearest knowledge phrases route a message the lexicon finds nothing in."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from knowledge.schemas import LocalizedText
from preconsult.i18n import gettext
from preconsult.triage import TriageEngine, TriageRequest
from preconsult.triage.routing import R_GENERAL
from preconsult.triage.semantic import (
    Phrase,
    SemanticRouter,
    build_router,
    load_or_build_router,
    router_phrases,
)

DIM = 256


class CharBagEmbedder:
    """Deterministic stand-in for e5: character bigrams hashed into a unit vector; counts calls."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for row, text in enumerate(texts):
            for a, b in zip(text, text[1:], strict=False):
                out[row, zlib.crc32((a + b).encode()) % DIM] += 1.0
            norm = float(np.linalg.norm(out[row])) or 1.0
            out[row] /= norm
        return out


def _label(name: str) -> LocalizedText:
    return LocalizedText.model_validate({"zh-CN": name, "zh-TW": name, "en": name})


PHRASES = [
    Phrase("牙齿晃来晃去咬不动东西", _label("口腔科"), {"12": 1.0}),
    Phrase("后背上的黑痣越长越大", _label("皮肤科"), {"13": 1.0}),
    Phrase("晚上老是睡不着觉", _label("失眠"), {"15.02": 2.0, "03.03": 1.0}),
]


def _render(msgid: str) -> str:
    return gettext("zh-CN", msgid)


@pytest.fixture
def embed() -> CharBagEmbedder:
    return CharBagEmbedder()


def test_the_nearest_phrase_routes_and_names_itself(embed: CharBagEmbedder) -> None:
    router = build_router(PHRASES, embed, embed)
    routed = router.route("最近我的牙齿晃来晃去的，吃饭咬不动")
    assert routed is not None
    weights, label = routed
    assert max(weights, key=lambda c: weights[c]) == "12"
    assert label.zh_CN == "口腔科"


def test_ties_go_to_the_first_phrase_in_knowledge_order(embed: CharBagEmbedder) -> None:
    twins = [
        Phrase("手指头发白发紫", _label("风湿免疫科"), {"03.08": 1.0}),
        Phrase("手指头发白发紫", _label("血管外科"), {"04.01.06": 1.0}),
    ]
    for order in (twins, twins[::-1]):
        routed = build_router(order, embed, embed).route("手指头发白发紫")
        assert routed is not None
        assert routed[1] == order[0].label  # the same answer every time, not an arbitrary one


def test_nothing_to_compare_routes_nothing(embed: CharBagEmbedder) -> None:
    router = build_router(PHRASES, embed, embed)
    assert router.route("。") is None


def test_vectors_must_match_phrases(embed: CharBagEmbedder) -> None:
    with pytest.raises(ValueError, match="3 phrases but 2 vectors"):
        SemanticRouter(PHRASES, embed(["a", "b"]), embed)


def test_phrases_come_from_symptoms_and_what_departments_treat(engine: TriageEngine) -> None:
    k = engine.index.knowledge
    phrases = router_phrases(k.symptoms, k.departments)
    by_text = {p.text: p for p in phrases}
    assert by_text["胸痛"].weights == dict(k.symptoms[0].departments)
    # 口腔科 treats clauses route to 口腔科 only
    dental = [p for p in phrases if p.weights == {"12": 1.0}]
    assert dental and all(p.label.zh_CN == "口腔科" for p in dental)


def test_cache_is_reused_and_follows_the_knowledge(tmp_path: Path, embed: CharBagEmbedder) -> None:
    assert load_or_build_router(PHRASES, tmp_path, "m", embed) is None  # no cache, no builder
    built = load_or_build_router(PHRASES, tmp_path, "m", embed, embed)
    assert built is not None and len(list(tmp_path.glob("*.npy"))) == 1
    passages = CharBagEmbedder()
    again = load_or_build_router(PHRASES, tmp_path, "m", embed, passages)
    assert again is not None and passages.calls == []  # loaded, not embedded again
    np.testing.assert_array_equal(again.vectors, built.vectors)
    # changed knowledge (or model) -> another file, built anew
    changed = [*PHRASES, Phrase("耳朵嗡嗡响", _label("耳鼻咽喉科"), {"11": 1.0})]
    assert load_or_build_router(changed, tmp_path, "m", embed) is None
    assert load_or_build_router(PHRASES, tmp_path, "other-model", embed) is None


def test_engine_backs_off_only_when_nothing_is_found(
    engine: TriageEngine, embed: CharBagEmbedder
) -> None:
    semantic = TriageEngine(engine.index, semantic=build_router(PHRASES, embed, embed))
    embed.calls.clear()
    text = "晚上老是睡不着觉，翻来覆去"  # no symptom, disease or keyword of the fixture knowledge
    result = semantic.assess(TriageRequest(text=text, age=40))
    codes = [d.code for d in result.departments]
    assert codes[:2] == ["15.02", "03.03"]
    # the reason says it is a match by meaning, and to what
    assert any("语义" in r and "失眠" in r for r in result.departments[0].reasons)
    # the safe first stop stays among the three
    assert codes[2] == "02"
    assert result.departments[2].reasons == [_render(R_GENERAL)]
    assert len(embed.calls) == 1

    # a symptom the lexicon knows: no embedding, the usual routing
    embed.calls.clear()
    found = semantic.assess(TriageRequest(text="咳嗽三天了", age=40))
    assert embed.calls == [] and found.departments[0].code == "03.01"
    # asked not to (symptom extraction during the interview): the general stop, no embedding
    plain = semantic.assess(TriageRequest(text=text, age=40), semantic=False)
    assert embed.calls == [] and plain.departments[0].code == "02"


def test_a_child_routed_by_meaning_still_goes_to_paediatrics_first(
    engine: TriageEngine, embed: CharBagEmbedder
) -> None:
    semantic = TriageEngine(engine.index, semantic=build_router(PHRASES, embed, embed))
    result = semantic.assess(TriageRequest(text="晚上老是睡不着觉，翻来覆去", age=6))
    assert result.departments[0].code == "07"


def test_general_practice_stays_third_when_fallbacks_merge(
    engine: TriageEngine, embed: CharBagEmbedder
) -> None:
    # the default profile has no 疼痛科: its share merges into 骨科, which alone would push 全科 to 4th
    wide = [
        Phrase(
            "胳膊上的软包推着会动", _label("软组织"), {"27": 1, "04.03": 1, "04.04.01": 1, "13": 1}
        )
    ]
    semantic = TriageEngine(engine.index, semantic=build_router(wide, embed, embed))
    result = semantic.assess(TriageRequest(text="胳膊上的软包推着会动", age=40, sex="male"))
    assert [d.code for d in result.departments][0] == "04.03"
    assert len(result.departments) == 3 and result.departments[2].code == "02"
