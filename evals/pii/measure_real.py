"""Count what redaction finds in the real patient questions of ../shared/data (measuring only).

Those questions contain almost no identifiers, so every finding is a likely false positive to look
at. Prints counts per kind and the number of texts; never writes their sentences anywhere.
Run: `.venv/bin/python evals/pii/measure_real.py [--show]` (--show prints the findings to the terminal).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from preconsult.privacy import find_spans

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def main() -> None:
    show = "--show" in sys.argv
    texts, kinds = 0, Counter[str]()
    for path in sorted([*DATA.glob("routing/*.jsonl"), *DATA.glob("intent/*.jsonl")]):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            for key in ("title", "text", "query"):
                value = row.get(key)
                if not isinstance(value, str):
                    continue
                texts += 1
                for span in find_spans(value):
                    kinds[span.kind] += 1
                    if show:
                        print(span.kind, value[max(0, span.start - 6) : span.end + 6])
    print(f"texts: {texts}, findings: {sum(kinds.values())} {dict(kinds)}")


if __name__ == "__main__":
    main()
