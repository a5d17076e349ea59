"""Fill msgstr of a .po catalog from a JSON object {msgid: msgstr} (translator's helper)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po


def main(po_path: str, json_path: str) -> None:
    path = Path(po_path)
    with path.open("rb") as fp:
        catalog = read_po(fp)
    translations = json.loads(Path(json_path).read_text(encoding="utf-8"))
    missing = []
    for message in catalog:
        if not message.id:
            continue
        if message.id in translations:
            message.string = translations[message.id]
            message.flags.discard("fuzzy")
        elif not message.string:
            missing.append(message.id)
    with path.open("wb") as fp:
        write_po(fp, catalog, width=0)
    if missing:
        print(f"{len(missing)} untranslated in {path}:", *missing, sep="\n  ")


if __name__ == "__main__":
    main(*sys.argv[1:3])
