"""CLI: `admin create` (password prompted twice), `transcripts purge`, `export rasa-tests`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
import yaml
from sqlalchemy import select
from typer.testing import CliRunner

from preconsult.cli import admin, export, transcripts
from web.admin.models import AdminUser, Annotation, AuditLog
from web.storage.db import Database
from web.storage.models import ChatSession, Message

runner = CliRunner()


def test_admin_create_prompts_twice_and_hashes(db_url: str, database: Database) -> None:
    result = runner.invoke(
        admin.app,
        ["create", "--username", "carol", "--role", "admin", "--database", db_url],
        input="Car0l-pass-word!\nCar0l-pass-word!\n",
    )
    assert result.exit_code == 0, result.output
    with database.session() as s:
        user = s.scalar(select(AdminUser).where(AdminUser.username == "carol"))
    assert user is not None and user.role == "admin"
    assert user.password_hash.startswith("$argon2")


def test_admin_create_refuses_weak_or_mismatched_passwords(db_url: str, database: Database) -> None:
    args = ["create", "--username", "dan", "--database", db_url]
    weak = runner.invoke(admin.app, args, input="short1!\nshort1!\n")
    assert weak.exit_code == 1
    assert "password_too_short" in weak.output
    mismatch = runner.invoke(admin.app, args, input="Dan-pass-word-1\nother-pass-word-2\n" * 1)
    assert mismatch.exit_code != 0
    with database.session() as s:
        assert s.scalar(select(AdminUser).where(AdminUser.username == "dan")) is None


def test_parse_age() -> None:
    assert transcripts.parse_age("90d").days == 90
    assert transcripts.parse_age("2w").days == 14
    assert transcripts.parse_age("36h").total_seconds() == 36 * 3600
    with pytest.raises(typer.BadParameter):
        transcripts.parse_age("soon")


def test_purge_deletes_old_conversations_and_is_audited(
    seeded: dict[str, str], db_url: str, database: Database
) -> None:
    dry = runner.invoke(transcripts.app, ["purge", "--dry-run", "--database", db_url])
    assert dry.exit_code == 0 and dry.output.startswith("1 conversations")
    result = runner.invoke(
        transcripts.app, ["purge", "--older-than", "90d", "--yes", "--database", db_url]
    )
    assert result.exit_code == 0, result.output
    with database.session() as s:
        assert set(s.scalars(select(ChatSession.id)).all()) == {"s-chest", "s-cough"}
        assert s.scalars(select(Message).where(Message.session_id == "s-old")).all() == []
        purge = s.scalar(select(AuditLog).where(AuditLog.action == "purge"))
    assert purge is not None and purge.detail is not None and purge.detail["sessions"] == 1


def test_export_rasa_tests(
    seeded: dict[str, str], db_url: str, database: Database, tmp_path: Path
) -> None:
    with database.session() as s:
        s.add(
            Annotation(
                session_id="s-chest", reviewer="bob", routing_correct=True, urgency_correct=True
            )
        )
        s.add(
            Annotation(
                session_id="s-cough",
                reviewer="bob",
                routing_correct=False,
                correct_department="ENT",
            )
        )
        s.add(Message(session_id="s-chest", seq=3, sender="bot", kind="triage_result", text=""))
        s.add(
            Message(session_id="s-cough", seq=3, sender="user", text="我叫[姓名]", client_id="c2")
        )
        s.commit()
    out = tmp_path / "candidates"
    result = runner.invoke(export.app, ["rasa-tests", "--out", str(out), "--database", db_url])
    assert result.exit_code == 0, result.output
    stories = yaml.safe_load((out / "test_stories.yml").read_text(encoding="utf-8"))
    (story,) = stories["stories"]
    assert story["story"] == "reviewed s-chest"
    assert story["steps"][0] == {"user": "胸口疼两个小时，出冷汗\n", "intent": "describe_symptom"}
    assert {"action": "action_triage_result"} in story["steps"]
    to_fix = (out / "test_stories_to_fix.yml").read_text(encoding="utf-8")
    assert "reviewed s-cough" in to_fix and "department ENT" in to_fix
    nlu = yaml.safe_load((out / "nlu_candidates.yml").read_text(encoding="utf-8"))
    examples = "".join(item["examples"] for item in nlu["nlu"])
    assert "胸口疼两个小时，出冷汗" in examples
    assert "[姓名]" not in examples  # placeholders never become training data


def test_export_transcripts_to_jsonl(
    seeded: dict[str, str], db_url: str, database: Database, tmp_path: Path
) -> None:
    out = tmp_path / "kiosk.jsonl"
    args = ["transcripts", "--out", str(out), "--channel", "kiosk", "--database", db_url]
    result = runner.invoke(export.app, args)
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["session_id"] for line in lines] == ["s-cough"]
    with database.session() as s:
        audit = s.scalar(select(AuditLog).where(AuditLog.action == "export"))
    assert audit is not None and audit.actor == "cli" and audit.detail is not None
    assert audit.detail["sessions"] == 1
