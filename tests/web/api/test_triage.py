"""POST /api/v1/triage through a tiny app that includes only the triage router."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from knowledge.loader import KNOWLEDGE_DIR
from preconsult.triage import TriageEngine
from web.api.triage import engine_dependency, router

FIXTURES = Path(__file__).parents[2] / "preconsult" / "triage" / "data"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> TriageEngine:
    """Real departments/profile/diseases, the triage tests' fixture symptoms and red flags."""
    root = tmp_path_factory.mktemp("knowledge")
    shutil.copytree(KNOWLEDGE_DIR, root, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("*.py", "__pycache__", "symptoms", "red_flags", "syndromes"))  # fmt: skip
    for folder in ("symptoms", "red_flags"):
        (root / folder).mkdir()
        shutil.copy(FIXTURES / f"{folder}.yml", root / folder / "fixture.yml")
    return TriageEngine.from_knowledge(root=root)


@pytest.fixture()
def client(engine: TriageEngine) -> Iterator[TestClient]:
    app = FastAPI()
    app.include_router(router)
    app.dependency_overrides[engine_dependency] = lambda: engine
    with TestClient(app) as test_client:
        yield test_client


def test_routine_request(client: TestClient) -> None:
    response = client.post(
        "/api/v1/triage", json={"text": "发烧咳嗽两天", "age": 30, "locale": "zh-CN"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["urgency"] in {"routine", "urgent"}
    assert 1 <= len(body["departments"]) <= 3
    assert body["departments"][0]["name"] == "呼吸内科"
    assert body["departments"][0]["reasons"]
    assert body["disclaimer"]
    assert "呼吸内科" in response.text  # Chinese is sent unescaped


def test_emergency_has_no_departments(client: TestClient) -> None:
    response = client.post(
        "/api/v1/triage",
        json={
            "text": "chest pain with a cold sweat for 1 hour",
            "age": 60,
            "sex": "male",
            "locale": "en",
        },
    )
    body = response.json()
    assert body["urgency"] == "emergency_ambulance"
    assert body["departments"] == []
    assert body["red_flags"][0]["name"] == "chest pain with sweating"
    assert body["emergency"]["phone"] == "120"
    assert body["emergency"]["department"]["name"] == "Emergency Department"


def test_invalid_input_is_422(client: TestClient) -> None:
    assert client.post("/api/v1/triage", json={"text": "头疼", "sex": "x"}).status_code == 422
    assert client.post("/api/v1/triage", json={"text": "头疼", "locale": "fr"}).status_code == 422
    assert client.post("/api/v1/triage", json={"text": "  "}).status_code == 422


def test_documented_in_openapi(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert "/api/v1/triage" in schema["paths"]
