"""Reviewing transcripts: filters (Chinese search too), detail, annotation, export, audit trail."""

from __future__ import annotations

import csv
import io
import json

from fastapi.testclient import TestClient
from sqlalchemy import select

from web.admin.models import Annotation, AuditLog
from web.storage.db import Database


def _ids(client: TestClient, **params: str) -> set[str]:
    response = client.get("/admin/api/transcripts", params=params)
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["items"]}


def _actions(database: Database, action: str) -> list[AuditLog]:
    with database.session() as s:
        return list(s.scalars(select(AuditLog).where(AuditLog.action == action)).all())


def test_filters(reviewer_client: tuple[TestClient, str]) -> None:
    client, _csrf = reviewer_client
    assert _ids(client) == {"s-chest", "s-cough", "s-old"}
    assert _ids(client, channel="kiosk") == {"s-cough"}
    assert _ids(client, kiosk="仁心") == {"s-cough"}
    assert _ids(client, urgency="emergency_ambulance") == {"s-chest"}
    assert _ids(client, department="03.01") == {"s-cough"}
    assert _ids(client, red_flag="yes") == {"s-chest"}
    assert _ids(client, red_flag="no") == {"s-cough", "s-old"}
    assert _ids(client, handoff="yes") == {"s-old"}
    assert _ids(client, q="胸口") == {"s-chest"}
    assert _ids(client, q="insulin") == {"s-old"}
    assert _ids(client, q="100%") == set()  # LIKE wildcards are literal


def test_date_range_filter(reviewer_client: tuple[TestClient, str]) -> None:
    from datetime import UTC, datetime, timedelta

    client, _csrf = reviewer_client
    today = datetime.now(UTC).date()
    recent = {"date_from": (today - timedelta(days=30)).isoformat(), "date_to": today.isoformat()}
    assert _ids(client, **recent) == {"s-chest", "s-cough"}
    old = {"date_to": (today - timedelta(days=100)).isoformat()}
    assert _ids(client, **old) == {"s-old"}


def test_list_page_shows_first_message_and_count(reviewer_client: tuple[TestClient, str]) -> None:
    client, _csrf = reviewer_client
    page = client.get("/admin/transcripts", params={"q": "咳嗽"})
    assert page.status_code == 200
    assert "咳嗽一周了，有痰" in page.text
    assert "胸口疼" not in page.text
    assert "共 1 条对话" in page.text
    assert "呼吸内科" in page.text  # the department's name, not its code 03.01
    assert "Respiratory Medicine" in client.get("/admin/transcripts", params={"locale": "en"}).text


def test_bad_filter_value_is_rejected(reviewer_client: tuple[TestClient, str]) -> None:
    client, _csrf = reviewer_client
    assert client.get("/admin/api/transcripts", params={"channel": "fax"}).status_code == 422


def test_detail_shows_conversation_summary_citations_and_is_audited(
    reviewer_client: tuple[TestClient, str], database: Database
) -> None:
    client, _csrf = reviewer_client
    page = client.get("/admin/transcripts/s-chest")
    assert page.status_code == 200
    for expected in (
        "胸口疼两个小时，出冷汗",
        "请立即拨打120。",
        "胸痛2小时",
        "急诊科",
        "急性胸痛",
    ):
        assert expected in page.text
    old = client.get("/admin/transcripts/s-old")
    assert "胰岛素的保存" in old.text and "no_dose" in old.text
    views = _actions(database, "view")
    assert [(v.actor, v.target) for v in views] == [("bob", "s-chest"), ("bob", "s-old")]
    assert client.get("/admin/transcripts/nope").status_code == 404


def test_annotation_form_saves_redacted_note(
    reviewer_client: tuple[TestClient, str], database: Database
) -> None:
    client, csrf = reviewer_client
    response = client.post(
        "/admin/transcripts/s-cough/annotate",
        data={
            "csrf_token": csrf,
            "routing": "wrong",
            "urgency": "right",
            "answer": "",
            "correct_department": "ENT",
            "correct_urgency": "routine",
            "note": "患者电话13800138000，应挂耳鼻喉科",
        },
    )
    assert response.status_code == 303
    with database.session() as s:
        note = s.scalar(select(Annotation))
    assert note is not None
    assert (note.routing_correct, note.urgency_correct, note.answer_correct) == (False, True, None)
    assert note.note == "患者电话[电话]，应挂耳鼻喉科"
    assert note.reviewer == "bob"
    assert _ids(client, annotated="yes") == {"s-cough"}
    assert _ids(client, annotated="no") == {"s-chest", "s-old"}
    assert [a.target for a in _actions(database, "annotate")] == ["s-cough"]
    page = client.get("/admin/transcripts/s-cough?saved=1")
    assert "应挂耳鼻喉科" in page.text and "13800138000" not in page.text


def test_annotation_api_needs_csrf_header(reviewer_client: tuple[TestClient, str]) -> None:
    client, csrf = reviewer_client
    body = {"routing_correct": True, "urgency_correct": True, "note": "ok"}
    assert client.post("/admin/api/transcripts/s-chest/annotations", json=body).status_code == 403
    response = client.post(
        "/admin/api/transcripts/s-chest/annotations", json=body, headers={"X-CSRF-Token": csrf}
    )
    assert response.status_code == 201
    detail = client.get("/admin/api/transcripts/s-chest").json()
    assert detail["annotations"][0]["routing_correct"] is True
    assert [m["text"] for m in detail["messages"]] == ["胸口疼两个小时，出冷汗", "请立即拨打120。"]


def test_export_csv_of_the_filtered_set(
    reviewer_client: tuple[TestClient, str], database: Database
) -> None:
    client, _csrf = reviewer_client
    response = client.get("/admin/export.csv", params={"red_flag": "no"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert {r["session_id"] for r in rows} == {"s-cough", "s-old"}
    cough = next(r for r in rows if r["session_id"] == "s-cough")
    assert cough["pharmacy"] == "仁心大药房"
    assert "患者: 咳嗽一周了，有痰" in cough["transcript"]
    exports = _actions(database, "export")
    assert exports[0].detail is not None
    assert exports[0].detail["format"] == "csv" and exports[0].detail["sessions"] == 2


def test_export_jsonl(reviewer_client: tuple[TestClient, str]) -> None:
    client, _csrf = reviewer_client
    response = client.get("/admin/export.jsonl", params={"q": "胸口"})
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert [r["session_id"] for r in lines] == ["s-chest"]
    assert lines[0]["messages"][0]["text"] == "胸口疼两个小时，出冷汗"
    assert lines[0]["summary"]["urgency"] == "emergency_ambulance"
    assert client.get("/admin/export.xml").status_code == 404


def test_audit_log_page_lists_who_did_what(admin_client: tuple[TestClient, str]) -> None:
    client, _csrf = admin_client
    client.get("/admin/transcripts/s-chest")
    client.get("/admin/export.csv")
    page = client.get("/admin/audit")
    assert page.status_code == 200
    assert "view" in page.text and "export" in page.text and "alice" in page.text
    api = client.get("/admin/api/audit", params={"action": "view"}).json()
    assert api["items"][0]["target"] == "s-chest"


def test_list_views_are_audited_with_their_filters(
    reviewer_client: tuple[TestClient, str], database: Database
) -> None:
    client, _csrf = reviewer_client
    client.get("/admin/transcripts", params={"q": "胸口", "channel": "web"})
    (entry,) = _actions(database, "list")
    assert entry.actor == "bob" and entry.detail is not None
    assert entry.detail["filters"] == {"q": "胸口", "channel": "web"}
    assert entry.detail["matches"] == 1


def test_search_terms_are_redacted_in_the_audit_log(
    reviewer_client: tuple[TestClient, str], database: Database
) -> None:
    client, _csrf = reviewer_client
    client.get("/admin/transcripts", params={"q": "13800138000"})
    (entry,) = _actions(database, "list")
    assert entry.detail is not None and entry.detail["filters"] == {"q": "[电话]"}
