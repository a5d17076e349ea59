"""The dashboard: charts drawn on the server as SVG, no external resources, accuracy from reviews."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from web.admin.charts import bar_chart, column_chart


def test_dashboard_page_has_svg_charts_and_no_external_resources(
    reviewer_client: tuple[TestClient, str],
) -> None:
    client, _csrf = reviewer_client
    page = client.get("/admin")
    assert page.status_code == 200
    assert page.text.count("<svg") >= 5
    assert not re.search(r'(src|href)="(https?:)?//', page.text)
    assert "<script" not in page.text


def test_dashboard_numbers(reviewer_client: tuple[TestClient, str]) -> None:
    client, csrf = reviewer_client
    client.post(
        "/admin/api/transcripts/s-chest/annotations",
        json={"routing_correct": True, "urgency_correct": False},
        headers={"X-CSRF-Token": csrf},
    )
    data = client.get("/admin/api/dashboard", params={"days": 30}).json()
    assert data["total"] == 2  # s-old is 200 days old
    assert data["by_channel"] == {"web": 1, "kiosk": 1}
    assert data["red_flags"] == 1 and data["handoffs"] == 0
    assert data["annotated"] == 1
    assert data["accuracy"]["routing_correct"] == 1.0
    assert data["accuracy"]["urgency_correct"] == 0.0
    assert data["accuracy"]["answer_correct"] is None
    assert sum(data["per_day"].values()) == 2 and len(data["per_day"]) == 30


def test_chart_labels_are_escaped() -> None:
    svg = str(bar_chart([("<script>", 3), ("内科", 1)], title="t"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert svg.count("<rect") == 2
    assert str(column_chart([], title="empty")).startswith("<svg")
