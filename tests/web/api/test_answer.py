"""`POST /api/v1/answer` through the gateway app (no Rasa needed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from preconsult.answers.embedder import E5Embedder
from preconsult.answers.engine import AnswerEngine
from preconsult.answers.index import build_index
from preconsult.router import Assistant
from web.api.answer import assistant_dependency
from web.app import create_app

ARTICLES = Path(__file__).parents[2] / "preconsult" / "answers" / "fixtures" / "articles"


class NoRedFlags:
    def screen(self, text: str, *args: object, **kwargs: object) -> list[object]:
        return []


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    embedder = E5Embedder()
    assistant = Assistant(
        NoRedFlags(), AnswerEngine(build_index(ARTICLES, embedder), embedder), handlers=()
    )
    app = create_app()
    app.dependency_overrides[assistant_dependency] = lambda: assistant
    with TestClient(app) as test_client:
        yield test_client


def test_answer_with_citations(client: TestClient) -> None:
    response = client.post(
        "/api/v1/answer", json={"question": "HPV疫苗几岁打", "locale": "zh-CN", "channel": "web"}
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"kind", "answer", "citations", "urgency", "guardrails"}
    assert body["kind"] == "answer" and body["urgency"] is None
    assert body["citations"] == [{"id": "t-hpv", "title": "HPV疫苗几岁打"}]
    assert "9到14岁" in response.text  # Chinese sent unescaped


def test_refusal_in_traditional_chinese(client: TestClient) -> None:
    response = client.post(
        "/api/v1/answer",
        json={"question": "幫我診斷一下我是什麼病", "locale": "zh-TW", "channel": "kiosk"},
    )
    body = response.json()
    assert body["kind"] == "refusal" and "診斷" in body["answer"] and body["citations"] == []


@pytest.mark.parametrize(
    ("payload", "phrase"),
    [
        ({"question": "", "locale": "en"}, "question"),
        ({"question": "hello", "locale": "fr"}, "locale"),
        ({"question": "发烧", "channel": "tv"}, "channel"),
    ],
)
def test_invalid_input_is_a_localized_422(
    client: TestClient, payload: dict[str, str], phrase: str
) -> None:
    response = client.post("/api/v1/answer", json=payload)
    assert response.status_code == 422
    assert phrase in response.json()["message"]
