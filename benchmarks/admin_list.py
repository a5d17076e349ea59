"""Time the admin transcript list on 100k sessions: filtered, paginated, with the total count.

Seeds a temp SQLite file (migrated with Alembic, so the real indexes are measured), then runs each
filter a few times and prints the median and worst time per query. Not a test: run it by hand,
`.venv/bin/python benchmarks/admin_list.py [--sessions 100000] [--keep PATH]`.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from web.admin.models import Annotation
from web.admin.queries import TranscriptFilter, list_transcripts
from web.storage.db import Database
from web.storage.migrate import upgrade
from web.storage.models import ChatSession, Message

USER_TEXTS = (
    "头疼两天了，有点发烧", "咳嗽一周，晚上更厉害", "胃疼，吃完饭更明显", "孩子拉肚子三次",
    "胸口闷，上楼梯喘不过气", "腰疼，坐久了更疼", "皮肤起红疹，很痒", "嗓子疼，吞咽困难",
    "I have a sore throat", "血压有点高，需要吃药吗", "布洛芬一天最多吃几次", "膝盖肿了走路疼",
)  # fmt: skip
BOT_TEXTS = ("请问持续多久了？", "有没有发烧？", "建议到相关科室门诊就诊。", "请问您的年龄？")
URGENCIES = ("emergency_ambulance", "emergency", "urgent", "routine", "routine", "self_care")
DEPARTMENTS = ("NEURO", "RESP", "GI", "CARD", "DERM", "ENT", "ORTHO", "PED", "GYN", "URO")
PHARMACIES = ("仁心大药房", "康宁药店", "百姓大药房", "同济堂")


def seed(db: Database, sessions: int, rng: random.Random) -> None:
    start = datetime.now(UTC) - timedelta(days=180)
    with db.engine.begin() as conn:
        for offset in range(0, sessions, 5000):
            rows, messages, notes = [], [], []
            for i in range(offset, min(offset + 5000, sessions)):
                sid = f"s{i:07d}"
                kiosk = rng.random() < 0.3
                created = start + timedelta(seconds=rng.randrange(180 * 86400))
                rows.append(
                    {
                        "id": sid,
                        "channel": "kiosk" if kiosk else "web",
                        "locale": "zh-CN",
                        "kiosk_id": f"k-{rng.randrange(40)}" if kiosk else None,
                        "pharmacy": rng.choice(PHARMACIES) if kiosk else None,
                        "created_at": created,
                        "updated_at": created,
                        "urgency": rng.choice(URGENCIES),
                        "department_code": rng.choice(DEPARTMENTS),
                        "red_flag": rng.random() < 0.05,
                        "handoff": rng.random() < 0.03,
                        "message_count": 6,
                    }
                )
                for seq in range(1, 7):
                    user = seq % 2 == 1
                    messages.append(
                        {
                            "session_id": sid,
                            "seq": seq,
                            "sender": "user" if user else "bot",
                            "client_id": f"c{seq}" if user else None,
                            "kind": "text",
                            "text": rng.choice(USER_TEXTS if user else BOT_TEXTS),
                            "created_at": created + timedelta(seconds=20 * seq),
                            "delivered": True,
                        }
                    )
                if rng.random() < 0.02:
                    notes.append(
                        {"session_id": sid, "reviewer": "bench", "note": "", "created_at": start}
                    )
            conn.execute(insert(ChatSession), rows)
            conn.execute(insert(Message), messages)
            if notes:
                conn.execute(insert(Annotation), notes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, default=None, help="Keep the seeded DB at this path.")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="admin-bench-"))
    path = args.keep or folder / "bench.db"
    url = f"sqlite:///{path}"
    fresh = not path.exists()
    upgrade(url)
    db = Database(url)
    if fresh:
        began = time.perf_counter()
        seed(db, args.sessions, random.Random(7))
        print(f"seeded {args.sessions} sessions x 6 messages in {time.perf_counter() - began:.1f}s")
    today = datetime.now(UTC).date()
    cases: dict[str, dict[str, object]] = {
        "no filter": {},
        "channel=kiosk": {"channel": "kiosk"},
        "pharmacy": {"kiosk": "康宁"},
        "urgency+department": {"urgency": "urgent", "department": "RESP"},
        "red flag": {"red_flag": "yes"},
        "last 7 days": {"date_from": today - timedelta(days=7), "date_to": today},
        "annotated": {"annotated": "yes"},
        "not annotated": {"annotated": "no"},
        "text 胸口闷": {"q": "胸口闷"},
        "text 胸口闷 + 30 days": {"q": "胸口闷", "date_from": today - timedelta(days=30)},
        "text, no match": {"q": "不存在的词语"},
    }
    print(f"{'query':<24} {'matches':>8} {'page1 median':>13} {'worst':>8} {'page 50':>9}")
    with db.session() as session:
        for name, values in cases.items():
            f = TranscriptFilter.model_validate(values)
            times = []
            total = 0
            for _ in range(args.repeat):
                began = time.perf_counter()
                _rows, total = list_transcripts(session, f, page=1, page_size=50)
                times.append(time.perf_counter() - began)
            began = time.perf_counter()
            list_transcripts(session, f, page=50, page_size=50)
            deep = time.perf_counter() - began
            print(
                f"{name:<24} {total:>8} {statistics.median(times) * 1000:>10.0f} ms "
                f"{max(times) * 1000:>5.0f} ms {deep * 1000:>6.0f} ms"
            )
    db.dispose()


if __name__ == "__main__":
    main()
